package dev.hoist.cli.commands;

import dev.hoist.cli.client.ApiClient;
import picocli.CommandLine.Option;

/** {@code --app} and {@code --group}: the deployment group a command acts on, and that group's API path. */
public final class GroupOptions {
    @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
    String app;

    @Option(names = "--group", required = true, paramLabel = "GROUP", description = "the deployment group")
    String group;

    /** The group's resource {@code /api/v1/applications/APP/deployment-groups/GROUP} followed by {@code tail}. */
    String path(String tail) {
        return "/api/v1/applications/" + ApiClient.encode(app) + "/deployment-groups/" + ApiClient.encode(group)
                + tail;
    }
}
