package dev.hoist.cli;

import picocli.CommandLine.IVersionProvider;

/** This client's version, from the jar's manifest. */
public final class Version implements IVersionProvider {
    /** The version a build outside the shaded jar (tests, an IDE) reports. */
    public static final String DEVELOPMENT = "(development build)";

    /** The bare version, e.g. {@code 0.1.0}, or {@link #DEVELOPMENT}. */
    public static String number() {
        String version = HoistCli.class.getPackage().getImplementationVersion();
        return version == null ? DEVELOPMENT : version;
    }

    /** What {@code hoist --version} prints. */
    public static String text() {
        return "hoist " + number();
    }

    @Override
    public String[] getVersion() {
        return new String[] {text()};
    }
}
