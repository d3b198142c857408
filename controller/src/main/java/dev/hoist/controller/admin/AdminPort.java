package dev.hoist.controller.admin;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port (health checks, metrics) has no authentication, so it must not be reachable from
 * elsewhere by accident, and it runs no tasks. Dropwizard's admin tasks ({@code POST /tasks/log-level},
 * {@code /tasks/gc}) are refused: anyone who reached the port could turn on header logging and read API
 * tokens from the log. The port must bind a loopback address unless the configuration says
 * {@code adminAllowRemote: true}; an API connector on another address is allowed but logged. A
 * connector that names no {@code bindHost} listens on loopback, not on every interface.
 */
public final class AdminPort {
    private static final Logger LOG = LoggerFactory.getLogger(AdminPort.class);

    private AdminPort() {
    }

    /**
     * @throws IllegalStateException naming the address and the two ways out, when an admin connector
     *         would listen beyond loopback and {@code allowRemote} is false
     */
    public static void check(ServerFactory server, boolean allowRemote) {
        for (boolean admin : new boolean[] {true, false}) {
            for (HttpConnectorFactory connector : connectors(server, admin)) {
                if (connector.getBindHost() == null || connector.getBindHost().isBlank()) {
                    // A connector that sets only its port would listen on every interface without a word.
                    connector.setBindHost("127.0.0.1");
                    LOG.info("The {} connector on port {} names no bindHost: it listens on 127.0.0.1 (set bindHost: "
                            + "0.0.0.0 to listen on every interface)", admin ? "admin" : "API", connector.getPort());
                }
            }
        }
        for (HttpConnectorFactory connector : connectors(server, true)) {
            String host = connector.getBindHost();
            if (!isLoopback(host) && !allowRemote) {
                throw new IllegalStateException("the admin port (health checks, metrics; no authentication) would "
                        + "listen on " + (isEverywhere(host) ? "every interface" : host) + ":" + connector.getPort()
                        + "; bind it to 127.0.0.1 (server.adminConnectors[].bindHost) or, if a firewall keeps it "
                        + "private, set adminAllowRemote: true");
            }
        }
        for (HttpConnectorFactory connector : connectors(server, false)) {
            String host = connector.getBindHost();
            if (!isLoopback(host)) {
                LOG.warn("The API listens on {}:{}, reachable from other hosts (every call needs a token; serve it "
                        + "over TLS there)", isEverywhere(host) ? "every interface" : host, connector.getPort());
            }
        }
    }

    /** Refuses every admin task with a JSON error, before Dropwizard's task servlet sees it. */
    public static void refuseTasks(Environment environment) {
        environment.admin().addFilter("hoist-no-admin-tasks", new Filter() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException {
                HttpServletResponse http = (HttpServletResponse) response;
                http.setStatus(404);
                http.setContentType("application/json");
                http.getOutputStream().write(("{\"code\": \"ADMIN_TASKS_DISABLED\", \"message\": \"admin tasks are "
                        + "disabled on this controller: the admin port has no authentication; change log levels in "
                        + "the configuration file and restart\", \"details\": {}}").getBytes(StandardCharsets.UTF_8));
            }
        }).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks", "/tasks/*");
    }

    private static List<HttpConnectorFactory> connectors(ServerFactory server, boolean admin) {
        List<ConnectorFactory> all = new ArrayList<>();
        if (server instanceof DefaultServerFactory defaults) {
            all.addAll(admin ? defaults.getAdminConnectors() : defaults.getApplicationConnectors());
        } else if (server instanceof SimpleServerFactory simple) {
            all.add(simple.getConnector()); // one connector serves both
        }
        return all.stream().filter(HttpConnectorFactory.class::isInstance).map(HttpConnectorFactory.class::cast)
                .toList();
    }

    private static boolean isEverywhere(String host) {
        return host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
