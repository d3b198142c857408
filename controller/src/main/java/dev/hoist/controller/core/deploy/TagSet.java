package dev.hoist.controller.core.deploy;

import java.util.List;
import java.util.Map;

/**
 * The hosts of a deployment group: up to three groups of tag filters. A host belongs when it matches
 * at least one filter of every group (an AND of ORs), as in CodeDeploy's tag sets.
 */
public record TagSet(List<List<TagFilter>> groups) {
    public static final int MAX_GROUPS = 3;

    public TagSet {
        if (groups.isEmpty() || groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("a tag set has 1 to " + MAX_GROUPS + " groups of filters, not "
                    + groups.size());
        }
        for (List<TagFilter> group : groups) {
            if (group.isEmpty()) {
                throw new IllegalArgumentException("every group of a tag set needs at least one filter");
            }
        }
        groups = groups.stream().map(List::copyOf).toList();
    }

    /** One group: a host matching any of {@code filters} belongs. */
    public static TagSet anyOf(List<TagFilter> filters) {
        return new TagSet(List.of(filters));
    }

    public boolean matches(Map<String, String> tags) {
        for (List<TagFilter> group : groups) {
            if (group.stream().noneMatch(filter -> filter.matches(tags))) {
                return false;
            }
        }
        return true;
    }
}
