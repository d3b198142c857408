package dev.hoist.agent.bundle;

import java.util.Locale;
import java.util.Optional;

/** The forms a revision bundle comes in. */
public enum BundleType {
    TAR, TGZ, ZIP, DIRECTORY;

    /** {@code tar}, {@code tgz} (or {@code tar.gz}), {@code zip}, {@code directory}; case-insensitive. */
    public static Optional<BundleType> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tar" -> Optional.of(TAR);
            case "tgz", "tar.gz" -> Optional.of(TGZ);
            case "zip" -> Optional.of(ZIP);
            case "directory", "dir" -> Optional.of(DIRECTORY);
            default -> Optional.empty();
        };
    }
}
