package dev.hoist.protocol.appspec;

/**
 * One error or warning about an AppSpec file.
 *
 * @param line 1-based, or 0 when unknown
 * @param column 1-based, or 0 when unknown
 * @param key the key path, e.g. {@code hooks.BeforeInstall[0].timeout}, or {@code ""} for the file
 * @param message what is wrong and what would be valid, naming the bad value
 */
public record AppSpecProblem(Severity severity, String file, int line, int column, String key, String message) {

    public enum Severity { ERROR, WARNING }

    /** {@code appspec.yml:12:5: hooks.BeforeInstall[0].timeout: ...}, the form every tool prints. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(": ");
        if (!key.isEmpty()) {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
