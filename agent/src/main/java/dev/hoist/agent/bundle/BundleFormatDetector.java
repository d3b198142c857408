package dev.hoist.agent.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Looks at a bundle's first bytes to catch a wrong {@code --type} before any reader runs, and to say
 * what the file looks like instead of passing on a library's puzzled message.
 */
final class BundleFormatDetector {

    private static final int TAR_BLOCK = 512;

    /** What a file's first bytes say it is. */
    enum Format {
        TAR("a tar archive", BundleType.TAR),
        GZIP("gzip-compressed data", BundleType.TGZ),
        ZIP("a zip archive", BundleType.ZIP),
        BZIP2("bzip2-compressed data", null),
        XZ("xz-compressed data", null),
        ZSTD("zstd-compressed data", null),
        SEVEN_ZIP("a 7z archive", null),
        TEXT("a text file", null),
        EMPTY("an empty file", null),
        UNKNOWN("data of no format Hoist knows", null);

        final String description;
        final BundleType bundleType;

        Format(String description, BundleType bundleType) {
            this.description = description;
            this.bundleType = bundleType;
        }
    }

    private BundleFormatDetector() {
    }

    /**
     * Refuses a bundle that does not exist or is not of the declared type, saying what it looks like.
     * A zip of no recognised signature is let through: the zip reader finds archives behind a prefix
     * (self-extracting ones) and gives its own precise message otherwise.
     */
    static void requireType(Path bundle, BundleType declared) throws BundleException {
        if (!Files.exists(bundle)) {
            throw Refusals.invalid("it does not exist");
        }
        boolean isDirectory = Files.isDirectory(bundle);
        if (declared == BundleType.DIRECTORY || isDirectory) {
            if (declared != BundleType.DIRECTORY) {
                throw mismatch(declared, "a directory", BundleType.DIRECTORY);
            }
            if (!isDirectory) {
                Format format = formatOf(bundle);
                throw mismatch(declared, "a file (" + format.description + "), not a directory",
                        format.bundleType);
            }
            return;
        }
        Format format = formatOf(bundle);
        switch (declared) {
            case TAR -> {
                if (format != Format.TAR) {
                    throw mismatch(declared, format.description, format.bundleType);
                }
            }
            case TGZ -> {
                if (format != Format.GZIP) {
                    throw mismatch(declared, format.description, format.bundleType);
                }
                Format inner = innerFormatOfGzip(bundle);
                if (inner != Format.TAR && inner != Format.EMPTY) {
                    throw mismatch(declared, "gzip-compressed " + inner.description
                            + " rather than a gzip-compressed tar archive", null);
                }
            }
            case ZIP -> {
                if (format != Format.ZIP && format != Format.UNKNOWN) {
                    throw mismatch(declared, format.description, format.bundleType);
                }
            }
            default -> throw new IllegalStateException("unhandled bundle type " + declared);
        }
    }

    private static BundleException mismatch(BundleType declared, String actual, BundleType suggestion) {
        String hint = suggestion == null
                ? "; bundles must be tar, tgz (gzip-compressed tar), zip or a directory"
                : "; give type " + suggestion.name().toLowerCase(java.util.Locale.ROOT) + " for it";
        return Refusals.invalid("it was given as type "
                + declared.name().toLowerCase(java.util.Locale.ROOT) + ", but it is " + actual + hint);
    }

    private static Format formatOf(Path file) throws BundleException {
        try (InputStream in = Files.newInputStream(file)) {
            return detect(in.readNBytes(TAR_BLOCK));
        } catch (NoSuchFileException e) {
            throw Refusals.invalid("it does not exist");
        } catch (IOException e) {
            throw Refusals.unreadable("the file", e);
        }
    }

    private static Format innerFormatOfGzip(Path file) throws BundleException {
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(file))) {
            return detect(in.readNBytes(TAR_BLOCK));
        } catch (IOException e) {
            throw Refusals.unreadable("its gzip data", e);
        }
    }

    /** Classifies up to the first 512 bytes of a file. */
    static Format detect(byte[] head) {
        if (head.length == 0) {
            return Format.EMPTY;
        }
        if (startsWith(head, 0x1f, 0x8b)) {
            return Format.GZIP;
        }
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6) || startsWith(head, 'P', 'K', 7, 8)) {
            return Format.ZIP;
        }
        if (looksLikeTar(head)) {
            return Format.TAR;
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            return Format.BZIP2;
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return Format.XZ;
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return Format.ZSTD;
        }
        if (startsWith(head, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
            return Format.SEVEN_ZIP;
        }
        return isText(head) ? Format.TEXT : Format.UNKNOWN;
    }

    /**
     * A ustar/GNU magic, or a first header whose checksum holds (old v7 archives carry no magic), or
     * the zero block that is all an empty archive holds.
     */
    private static boolean looksLikeTar(byte[] head) {
        if (TarArchiveInputStream.matches(head, head.length)) {
            return true;
        }
        if (head.length < TAR_BLOCK) {
            return false;
        }
        byte[] block = Arrays.copyOf(head, TAR_BLOCK);
        boolean allZero = true;
        for (byte b : block) {
            if (b != 0) {
                allZero = false;
                break;
            }
        }
        if (allZero) {
            return true;
        }
        try {
            return TarUtils.verifyCheckSum(block);
        } catch (IllegalArgumentException e) {
            return false; // a checksum field that is not octal (found by the archive fuzzer): not a tar header
        }
    }

    private static boolean isText(byte[] head) {
        for (byte b : head) {
            int c = b & 0xff;
            if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != (magic[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
