package dev.hoist.controller.console;

import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.AuditLog;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;

/**
 * The ops console on the API port: its page at {@code /}, its scripts and styles at {@code /console/}
 * (plain ES modules and CSS from the jar, no build step), the sign-in resource, and the security
 * headers on everything the port answers. The session cookie is accepted by the API through
 * {@link SessionCookieAuthFilter}, which the application chains before the bearer filter.
 */
public final class ConsoleAssets {
    static final String RESOURCE_PATH = "/console";

    private ConsoleAssets() {
    }

    public static void register(Environment environment, ConsoleSessions sessions, ApiTokenStore tokens,
            AuditLog audit, Clock clock) {
        environment.servlets().addFilter("security-headers", new SecurityHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
        environment.servlets().addServlet("console-assets",
                new AssetServlet(RESOURCE_PATH, "/console", null, StandardCharsets.UTF_8))
                .addMapping("/console/*");
        environment.jersey().register(new ConsolePageResource());
        environment.jersey().register(new SessionResource(sessions, tokens, audit, clock));
    }
}
