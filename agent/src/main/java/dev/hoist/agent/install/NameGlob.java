package dev.hoist.agent.install;

import java.util.regex.Pattern;

/**
 * A single-segment glob of a {@code permissions} entry: {@code *} matches any run of characters within
 * one name, everything else matches itself. {@code **} is handled by the caller (everything below).
 */
final class NameGlob {

    private final Pattern regex;

    NameGlob(String glob) {
        StringBuilder text = new StringBuilder();
        int start = 0;
        for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
            text.append(Pattern.quote(glob.substring(start, star))).append("[^/]*");
            start = star + 1;
        }
        text.append(Pattern.quote(glob.substring(start)));
        this.regex = Pattern.compile(text.toString());
    }

    boolean matches(String name) {
        return regex.matcher(name).matches();
    }
}
