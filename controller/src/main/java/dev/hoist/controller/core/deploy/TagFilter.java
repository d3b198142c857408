package dev.hoist.controller.core.deploy;

import java.util.Map;

/**
 * One tag filter of a deployment group: {@code KEY} (the host has the tag), {@code KEY=VALUE}, or
 * {@code =VALUE} (some tag of the host has this value).
 */
public record TagFilter(String key, String value) {

    public TagFilter {
        if ((key == null || key.isEmpty()) && (value == null || value.isEmpty())) {
            throw new IllegalArgumentException("a tag filter needs a key, a value or both");
        }
    }

    /**
     * Parses {@code KEY}, {@code KEY=VALUE} or {@code =VALUE}.
     *
     * @throws IllegalArgumentException with a message naming the bad filter
     */
    public static TagFilter parse(String text) {
        int equals = text.indexOf('=');
        if (text.isBlank() || text.equals("=")) {
            throw new IllegalArgumentException("tag filter '" + text + "' is empty; write KEY, KEY=VALUE or =VALUE");
        }
        if (equals < 0) {
            return new TagFilter(text, null);
        }
        String key = text.substring(0, equals);
        String value = text.substring(equals + 1);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("tag filter '" + text + "' has no value after '='; write "
                    + key + " to match any value, or " + key + "=VALUE");
        }
        return new TagFilter(key.isEmpty() ? null : key, value);
    }

    public boolean matches(Map<String, String> tags) {
        if (key == null) {
            return tags.containsValue(value);
        }
        String actual = tags.get(key);
        return actual != null && (value == null || value.equals(actual));
    }

    @Override
    public String toString() {
        if (key == null) {
            return "=" + value;
        }
        return value == null ? key : key + "=" + value;
    }
}
