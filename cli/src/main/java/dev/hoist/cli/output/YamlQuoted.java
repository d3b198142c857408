package dev.hoist.cli.output;

/**
 * Double-quoted YAML scalars, with the escapes JSON and YAML share: what {@link YamlText} prints and what
 * {@code config.yml} holds. Plain Java, so that reading the configuration loads no JSON library.
 */
public final class YamlQuoted {
    private YamlQuoted() {
    }

    /** {@code value} double-quoted; control characters (C0, DEL and C1) as escapes, so none reaches a terminal. */
    public static String write(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The value of a double-quoted scalar; {@code null} when {@code text} is not one. */
    public static String read(String text) {
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= text.length() - 1) {
                return null;
            }
            char escaped = text.charAt(i);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '"', '\\', '/' -> out.append(escaped);
                case 'u' -> {
                    if (i + 4 >= text.length() - 1) {
                        return null;
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }
}
