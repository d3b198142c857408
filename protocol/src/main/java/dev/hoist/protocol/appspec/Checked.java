package dev.hoist.protocol.appspec;

/** A value normalised by one of the AppSpec rules, or the reason the rule refused it (never both). */
record Checked(String value, String refusal) {

    boolean ok() {
        return refusal == null;
    }

    static Checked of(String value) {
        return new Checked(value, null);
    }

    static Checked refused(String refusal) {
        return new Checked(null, refusal);
    }
}
