package dev.hoist.controller;

/** Entry point of {@code hoist-controller}. */
public final class HoistControllerApplication {
    public static void main(String[] args) {
        System.out.println("hoist-controller");
    }
}
