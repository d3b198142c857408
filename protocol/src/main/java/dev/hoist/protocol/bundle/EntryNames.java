package dev.hoist.protocol.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for reading a bundle entry's name, shared by the controller (which inspects a bundle
 * when it is pushed) and the agent (which unpacks it), so that both judge every name alike.
 */
public final class EntryNames {
    private EntryNames() {
    }

    /**
     * Appends {@code relative}'s segments to {@code base}, resolving {@code .}, {@code ..} and empty
     * segments lexically ({@code ./a//b/../c/} is {@code [a, c]}); returns {@code null} when a {@code ..}
     * would climb above the root. Lexical on purpose: the file system never gets to interpret a name.
     */
    public static List<String> reduce(List<String> base, String relative) {
        List<String> out = new ArrayList<>(base);
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.remove(out.size() - 1);
            } else {
                out.add(segment);
            }
        }
        return out;
    }
}
