package dev.hoist.cli.output;

/**
 * Makes text that came from elsewhere (an agent's hostname, OS and version, a hook's output, an error
 * message) safe to print on a terminal: control characters (C0, DEL, C1, which start escape sequences
 * that can clear the screen, retitle the window or forge table rows) and the Unicode bidirectional
 * overrides are shown as visible escapes ({@code \x1b}, {@code \u202e}) instead of being sent as they
 * are. A tab becomes a space. Text with none of them is returned as it is.
 */
public final class TerminalText {
    private TerminalText() {
    }

    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                out.append(String.format("\\x%02x", (int) c));
            } else if (isBidiControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || isBidiControl(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBidiControl(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
    }
}
