package dev.hoist.agent.lifecycle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides the values of a deployment's secret variables in text: each value, and each line of a value that
 * spans lines (a hook prints such a value line by line), becomes {@value #MASK}. Works on the raw bytes
 * of a script's output, before they are decoded, and on text. Longer values are masked first, so that a
 * value containing another is hidden whole.
 */
public final class SecretMask {
    public static final String MASK = "***";
    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);
    public static final SecretMask NONE = new SecretMask(List.of());

    private final List<byte[]> patterns;
    private final List<String> texts;
    private final int longest;

    private SecretMask(List<String> texts) {
        this.texts = texts;
        this.patterns = texts.stream().map(text -> text.getBytes(StandardCharsets.UTF_8)).toList();
        this.longest = patterns.stream().mapToInt(pattern -> pattern.length).max().orElse(0);
    }

    /** A mask for these values; empty values hide nothing. */
    public static SecretMask of(Iterable<String> values) {
        Set<String> texts = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            texts.add(value);
            if (value.indexOf('\n') >= 0) {
                for (String line : value.split("\n")) {
                    String trimmed = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                    if (!trimmed.isBlank()) {
                        texts.add(trimmed);
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>(texts);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMask(List.copyOf(ordered));
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** The byte length of the longest value hidden: a piece of output cut shorter than this could split one. */
    public int longestBytes() {
        return longest;
    }

    public String apply(String text) {
        if (texts.isEmpty() || text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String value : texts) {
            if (masked.contains(value)) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    /** {@code bytes[0, length)} with every value hidden; the array itself when there is nothing to hide. */
    public byte[] apply(byte[] bytes, int length) {
        byte[] current = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        for (byte[] pattern : patterns) {
            current = replace(current, pattern);
        }
        return current;
    }

    private static byte[] replace(byte[] in, byte[] pattern) {
        int at = indexOf(in, pattern, 0);
        if (at < 0) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int from = 0;
        while (at >= 0) {
            out.write(in, from, at - from);
            out.write(MASK_BYTES, 0, MASK_BYTES.length);
            from = at + pattern.length;
            at = indexOf(in, pattern, from);
        }
        out.write(in, from, in.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] pattern, int from) {
        int last = in.length - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (in[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Never the values. */
    @Override
    public String toString() {
        return "SecretMask[" + patterns.size() + " values]";
    }
}
