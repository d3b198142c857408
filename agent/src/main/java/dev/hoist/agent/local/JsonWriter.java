package dev.hoist.agent.local;

/**
 * The little JSON the local report needs, written by hand: Jackson's start-up cost is a good part of a
 * second on a fast-starting JVM, and local runs should take about one.
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    JsonWriter beginObject() {
        comma();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray(String name) {
        name(name);
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    JsonWriter field(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    JsonWriter field(String name, Integer value) {
        name(name);
        out.append(value == null ? "null" : value.toString());
        needsComma = true;
        return this;
    }

    JsonWriter nullField(String name) {
        name(name);
        out.append("null");
        needsComma = true;
        return this;
    }

    /** Starts an object as the value of {@code name}. */
    JsonWriter beginObject(String name) {
        name(name);
        out.append('{');
        needsComma = false;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void name(String name) {
        comma();
        string(name);
        out.append(": ");
        needsComma = false;
    }

    private void comma() {
        if (needsComma) {
            out.append(", ");
        }
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogate(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
