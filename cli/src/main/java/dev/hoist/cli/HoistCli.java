package dev.hoist.cli;

/** Entry point of {@code hoist}. */
public final class HoistCli {
    private HoistCli() {
    }

    public static void main(String[] args) {
        System.out.println("hoist");
    }
}
