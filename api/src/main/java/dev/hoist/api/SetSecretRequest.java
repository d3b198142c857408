package dev.hoist.api;

/**
 * Body of {@code PUT /api/v1/applications/{app}/deployment-groups/{group}/secrets/{name}}.
 *
 * @param value the secret value; never shown again by any answer
 */
public record SetSecretRequest(String value) {
    /** Never the value: a request logged by mistake does not give it away. */
    @Override
    public String toString() {
        return "SetSecretRequest[value=***]";
    }
}
