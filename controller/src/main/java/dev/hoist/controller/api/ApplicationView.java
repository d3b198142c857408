package dev.hoist.controller.api;

import dev.hoist.controller.core.deploy.Application;
import java.time.Instant;

/** An application as the API shows it. */
public record ApplicationView(String name, Instant createdAt, String createdBy) {

    public static ApplicationView of(Application application) {
        return new ApplicationView(application.name(), application.createdAt(), application.createdBy());
    }
}
