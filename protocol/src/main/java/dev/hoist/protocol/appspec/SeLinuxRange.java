package dev.hoist.protocol.appspec;

import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an SELinux MLS range as CodeDeploy reads it: {@code s0}, {@code s0-s3},
 * {@code s0-s0:c0.c1023}, {@code s0:c1,c5.c9}; the high sensitivity not below the low one, categories
 * 0-1023, ascending within a span, none repeated.
 */
final class SeLinuxRange {

    private static final Pattern SENSITIVITY = Pattern.compile("s([0-9]{1,9})");
    private static final Pattern CATEGORY = Pattern.compile("c([0-9]{1,9})");
    private static final int MAX_CATEGORY = 1023;

    private SeLinuxRange() {
    }

    /** Null when valid, otherwise what is wrong. */
    static String problemWith(String range) {
        String[] levelAndCategories = range.split(":", 2);
        String[] sensitivities = levelAndCategories[0].split("-", -1);
        if (sensitivities.length > 2) {
            return "has more than two sensitivities";
        }
        int low = sensitivity(sensitivities[0]);
        int high = sensitivities.length == 2 ? sensitivity(sensitivities[1]) : low;
        if (low < 0 || high < 0) {
            return "has an invalid sensitivity; write s followed by a number, e.g. s0 or s0-s1";
        }
        if (high < low) {
            return "has a high sensitivity below the low one";
        }
        if (levelAndCategories.length == 1) {
            return null;
        }
        BitSet seen = new BitSet(MAX_CATEGORY + 1);
        for (String part : levelAndCategories[1].split(",", -1)) {
            String[] span = part.split("\\.", -1);
            if (span.length > 2) {
                return "has an invalid category span '" + YamlValues.shorten(part) + "'";
            }
            int from = category(span[0]);
            int to = span.length == 2 ? category(span[1]) : from;
            if (from < 0 || to < 0) {
                return "has an invalid category '" + YamlValues.shorten(part) + "'; write c0 to c1023, or a span c0.c1023";
            }
            if (to < from) {
                return "has a category span that runs backwards: '" + part + "'";
            }
            if (seen.get(from, to + 1).cardinality() > 0) {
                return "lists a category twice";
            }
            seen.set(from, to + 1);
        }
        return null;
    }

    private static int sensitivity(String written) {
        Matcher matcher = SENSITIVITY.matcher(written);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private static int category(String written) {
        Matcher matcher = CATEGORY.matcher(written);
        if (!matcher.matches()) {
            return -1;
        }
        int value = Integer.parseInt(matcher.group(1));
        return value > MAX_CATEGORY ? -1 : value;
    }
}
