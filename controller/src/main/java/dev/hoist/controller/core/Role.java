package dev.hoist.controller.core;

import java.util.Locale;

/**
 * What an API token may do. Roles are ordered: each includes everything the ones before it may do.
 */
public enum Role {
    /** Reads everything, changes nothing. */
    VIEWER,
    /** Also creates and stops deployments and pushes revisions. */
    DEPLOYER,
    /** Also manages tokens, agents, groups and configs. */
    ADMIN;

    /** Whether a token of this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** The lower-case name used in the API, the CLI and configuration. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer}, {@code deployer} or {@code admin}, ignoring case; {@code null} when unknown. */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        return null;
    }
}
