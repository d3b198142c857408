package dev.hoist.controller.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent distribution this controller serves: a tarball with the agent and its own Java runtime,
 * named {@code hoist-agent-linux-ARCH.tar.gz}. Its SHA-256 is computed when first asked and again
 * whenever the file's size or time stamp changes, so a rebuilt distribution is served with its own digest.
 */
public final class AgentDistribution {
    private static final Pattern NAME = Pattern.compile("hoist-agent-linux-([A-Za-z0-9_]+)\\.tar\\.gz");

    private final List<Path> candidates;
    private Snapshot cached;

    /** @param candidates where to look, in order; the first regular file wins */
    public AgentDistribution(List<Path> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** The file name the build gives the distribution for this machine's architecture. */
    public static String defaultFileName() {
        return "hoist-agent-linux-" + architecture(System.getProperty("os.arch")) + ".tar.gz";
    }

    /** Linux's name ({@code uname -m}) for a JVM's {@code os.arch}. */
    static String architecture(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch;
        };
    }

    public List<Path> candidates() {
        return candidates;
    }

    /** The distribution as it is on disk now, or empty when no candidate exists. */
    public synchronized Optional<Snapshot> current() {
        for (Path path : candidates) {
            if (!Files.isRegularFile(path)) {
                continue;
            }
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                long modified = attributes.lastModifiedTime().toMillis();
                if (cached == null || !cached.path().equals(path) || cached.size() != attributes.size()
                        || cached.modifiedMillis() != modified) {
                    cached = new Snapshot(path, attributes.size(), modified, sha256(path), architectureOf(path));
                }
                return Optional.of(cached);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the agent distribution " + path, e);
            }
        }
        return Optional.empty();
    }

    private static String architectureOf(Path path) {
        Matcher matcher = NAME.matcher(path.getFileName().toString());
        return matcher.matches() ? matcher.group(1) : "x86_64";
    }

    private static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * One state of the file.
     *
     * @param architecture Linux's name of the machine type it runs on, from the file name
     */
    public record Snapshot(Path path, long size, long modifiedMillis, String sha256, String architecture) {
        /** The name it is served under, {@code /install/<fileName>}, whatever the file is called on disk. */
        public String fileName() {
            return "hoist-agent-linux-" + architecture + ".tar.gz";
        }
    }
}
