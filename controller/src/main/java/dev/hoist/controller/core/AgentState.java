package dev.hoist.controller.core;

/** Connection state of an enrolled agent, as shown to users. */
public enum AgentState {
    CONNECTED("Connected"),
    DISCONNECTED("Disconnected"),
    /** Turned away for good: its connection is closed and every later handshake refused. */
    REVOKED("Revoked");

    private final String displayName;

    AgentState(String displayName) {
        this.displayName = displayName;
    }

    /** The name users see in the API, the CLI and the console. */
    public String displayName() {
        return displayName;
    }

    /** Parses a display name or constant name, ignoring case; {@code null} when nothing matches. */
    public static AgentState parse(String text) {
        for (AgentState state : values()) {
            if (state.displayName.equalsIgnoreCase(text) || state.name().equalsIgnoreCase(text)) {
                return state;
            }
        }
        return null;
    }
}
