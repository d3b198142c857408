package dev.hoist.agent.health;

import java.net.URI;
import java.time.Duration;

/**
 * One health check an agent runs after {@code ValidateService}: an HTTP URL answering an expected
 * status, a TCP address accepting connections, or a command exiting 0.
 */
public sealed interface HealthCheck {

    /** How long one attempt may take before it counts as failed. */
    Duration timeout();

    /** What is checked, for messages: {@code GET http://...}, {@code TCP host:port}, {@code command ...}. */
    String describe();

    /** @param expectedStatus the status the URL must answer; 0 accepts any 2xx */
    record Http(URI url, int expectedStatus, Duration timeout) implements HealthCheck {
        @Override
        public String describe() {
            return "GET " + url;
        }
    }

    record Tcp(String host, int port, Duration timeout) implements HealthCheck {
        /** Parses {@code host:port}, refusing anything else with what to write. */
        public static Tcp parse(String address, Duration timeout) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("TCP health check address '" + address
                        + "' is not host:port; write e.g. 127.0.0.1:8080");
            }
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new Tcp(host, port, timeout);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("TCP health check address '" + address
                        + "' has no valid port (1-65535); write e.g. 127.0.0.1:8080", e);
            }
        }

        @Override
        public String describe() {
            return "TCP " + host + ":" + port;
        }
    }

    /** Run with {@code /bin/bash -c}; healthy when it exits 0 within the timeout. */
    record Command(String command, Duration timeout) implements HealthCheck {
        @Override
        public String describe() {
            return "command " + command;
        }
    }
}
