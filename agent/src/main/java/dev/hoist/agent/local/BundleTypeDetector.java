package dev.hoist.agent.local;

import dev.hoist.agent.bundle.BundleType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Works out a bundle's type when {@code --type} is not given: a directory is a directory; then the file
 * name ({@code .zip}, {@code .tar}, {@code .tgz}, {@code .tar.gz}); then the first bytes (zip's
 * {@code PK}, gzip's {@code 1f 8b}, tar's {@code ustar} at offset 257).
 */
final class BundleTypeDetector {

    Optional<BundleType> detect(Path bundle) throws IOException {
        if (Files.isDirectory(bundle)) {
            return Optional.of(BundleType.DIRECTORY);
        }
        String name = bundle.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return Optional.of(BundleType.ZIP);
        }
        if (name.endsWith(".tgz") || name.endsWith(".tar.gz")) {
            return Optional.of(BundleType.TGZ);
        }
        if (name.endsWith(".tar")) {
            return Optional.of(BundleType.TAR);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(bundle)) {
            head = in.readNBytes(262);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Optional.of(BundleType.ZIP);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Optional.of(BundleType.TGZ);
        }
        if (head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
            return Optional.of(BundleType.TAR);
        }
        return Optional.empty();
    }
}
