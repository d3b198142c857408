package dev.hoist.controller.core;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for agent tags and tag filters. Keys are short identifiers so that they read well in
 * filters ({@code env=prod}) and command lines; values are free text without control characters.
 */
public final class Tags {
    /** At most this many tags per agent or join token. */
    public static final int MAX_TAGS = 50;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}");
    private static final int MAX_VALUE_LENGTH = 256;

    private Tags() {
    }

    /** Whether {@code key} may be a tag key: 1 to 128 letters, digits and {@code _ . : / -}, starting with a letter or digit. */
    public static boolean isValidKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** Whether {@code value} may be a tag value: at most 256 characters, no control characters. */
    public static boolean isValidValue(String value) {
        return value != null && value.length() <= MAX_VALUE_LENGTH && value.chars().noneMatch(Character::isISOControl);
    }

    /** @throws Refusal {@code INVALID_TAG} naming the first bad key or value */
    public static Map<String, String> validate(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw Refusal.invalid("INVALID_TAG", "at most " + MAX_TAGS + " tags are allowed, got " + tags.size(),
                    Map.of("count", tags.size(), "max", MAX_TAGS));
        }
        tags.forEach(Tags::validate);
        return tags;
    }

    /** @throws Refusal {@code INVALID_TAG_FILTER} when a filter is neither {@code KEY} nor {@code KEY=VALUE} */
    public static List<String> validateFilters(List<String> filters) {
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            if (!KEY.matcher(key).matches()) {
                throw Refusal.invalid("INVALID_TAG_FILTER", "tag filter '" + filter
                        + "' must be KEY (the tag is set) or KEY=VALUE; keys start with a letter or digit and use "
                        + "letters, digits and _ . : / -", Map.of("tag", filter));
            }
        }
        return filters;
    }

    private static void validate(String key, String value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw Refusal.invalid("INVALID_TAG", "tag key '" + key + "' is not valid: 1 to 128 characters, "
                    + "starting with a letter or digit, then letters, digits and _ . : / -", Map.of("key", String.valueOf(key)));
        }
        if (value == null || value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("INVALID_TAG", "value of tag '" + key + "' must be text of at most "
                    + MAX_VALUE_LENGTH + " characters without control characters", Map.of("key", key));
        }
    }
}
