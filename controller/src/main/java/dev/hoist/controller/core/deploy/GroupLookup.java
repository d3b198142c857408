package dev.hoist.controller.core.deploy;

import dev.hoist.controller.core.Refusal;
import java.util.Map;

/**
 * An application's deployment group named by a request, or the refusal that says which of the two does
 * not exist and how to list what does.
 */
public final class GroupLookup {
    private GroupLookup() {
    }

    public static DeploymentGroup require(ApplicationStore applications, DeploymentGroupStore groups,
            String application, String name) {
        if (applications.find(application).isEmpty()) {
            throw applicationNotFound(application);
        }
        return groups.find(application, name).orElseThrow(() -> groupNotFound(application, name));
    }

    public static Refusal groupNotFound(String application, String name) {
        return Refusal.notFound("DEPLOYMENT_GROUP_NOT_FOUND", "application '" + application
                + "' has no deployment group named '" + name + "'; list them with: hoist group list --app "
                + application, Map.of("application", application, "group", name));
    }

    public static Refusal applicationNotFound(String application) {
        return Refusal.notFound("APPLICATION_NOT_FOUND", "no application named '" + application
                + "'; list them with: hoist app list", Map.of("application", application));
    }
}
