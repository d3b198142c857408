package dev.hoist.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.RunningController;
import dev.hoist.controller.RunningController.Response;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port has no authentication (hostile-probe finding 2): it runs no tasks, and it listens
 * beyond loopback only when the configuration says so.
 */
class AdminPortTest {
    @TempDir
    Path temp;

    @Test
    void adminTasksAreRefusedSoNobodyCanTurnOnHeaderLogging() throws Exception {
        try (RunningController controller = RunningController.start(temp.resolve("data"))) {
            Response logLevel = controller.postAdmin("/tasks/log-level?logger=org.eclipse.jetty&level=DEBUG");
            Response gc = controller.postAdmin("/tasks/gc");

            assertThat(logLevel.status()).isEqualTo(404);
            assertThat(logLevel.code()).isEqualTo("ADMIN_TASKS_DISABLED");
            assertThat(gc.status()).isEqualTo(404);
            assertThat(controller.getAdmin("/healthcheck").status()).isEqualTo(200);
        }
    }

    @Test
    void aConnectorThatNamesNoHostListensOnLoopback() {
        DefaultServerFactory portOnly = server(null);

        AdminPort.check(portOnly, false);

        assertThat(((HttpConnectorFactory) portOnly.getAdminConnectors().get(0)).getBindHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void anAdminPortBeyondLoopbackIsRefusedUnlessAllowed() {
        DefaultServerFactory everywhere = server("0.0.0.0");
        DefaultServerFactory oneAddress = server("192.0.2.10");

        assertThatThrownBy(() -> AdminPort.check(everywhere, false)).hasMessageContaining("every interface")
                .hasMessageContaining("adminAllowRemote: true").hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> AdminPort.check(oneAddress, false)).hasMessageContaining("192.0.2.10");
        assertThatCode(() -> AdminPort.check(everywhere, true)).doesNotThrowAnyException();
        assertThatCode(() -> AdminPort.check(server("127.0.0.1"), false)).doesNotThrowAnyException();
        assertThatCode(() -> AdminPort.check(server("localhost"), false)).doesNotThrowAnyException();
    }

    private static DefaultServerFactory server(String adminHost) {
        HttpConnectorFactory admin = new HttpConnectorFactory();
        admin.setBindHost(adminHost);
        admin.setPort(8081);
        HttpConnectorFactory api = new HttpConnectorFactory();
        api.setBindHost("127.0.0.1");
        DefaultServerFactory server = new DefaultServerFactory();
        server.setAdminConnectors(List.of(admin));
        server.setApplicationConnectors(List.of(api));
        return server;
    }
}
