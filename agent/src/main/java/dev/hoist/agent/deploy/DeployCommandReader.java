package dev.hoist.agent.deploy;

import dev.hoist.agent.bundle.BundleType;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.HealthCheckSpec;
import dev.hoist.agent.health.HealthCheck;
import dev.hoist.agent.lifecycle.DeploymentRequest;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a {@link Deploy} command, as the controller sent it, into what the engine runs: checks every field first, so
 * that a command this agent cannot run is refused in its {@code CommandAck} with what is wrong (the
 * bad value, what would be valid), before anything is touched on the host.
 */
final class DeployCommandReader {
    /** Ids become directory names under the deployment root: no separators, no dot-only names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A secret's name must be usable as an environment variable name. */
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private DeployCommandReader() {
    }

    /** What is wrong with {@code command}, or empty when this agent can run it. */
    static Optional<String> problem(Deploy command) {
        List<String> problems = new ArrayList<>();
        name(problems, "deployment_id", command.deploymentId());
        name(problems, "deployment_group_id", command.deploymentGroupId());
        if (!SHA256.matcher(command.bundle().sha256()).matches()) {
            problems.add("bundle_sha256 '" + command.bundle().sha256() + "' is not a SHA-256 (64 lowercase hex "
                    + "digits)");
        }
        Optional<BundleType> type = BundleType.parse(command.bundle().type());
        if (type.isEmpty() || type.get() == BundleType.DIRECTORY) {
            problems.add("bundle_type '" + command.bundle().type() + "' is not an archive type; valid: tar, tgz, zip");
        }
        if (command.events().isEmpty()) {
            problems.add("events is empty; name the lifecycle events to run");
        }
        List<LifecycleEvent> seen = new ArrayList<>();
        for (String name : command.events()) {
            Optional<LifecycleEvent> event = LifecycleEvent.fromWireName(name);
            if (event.isEmpty()) {
                problems.add("event '" + name + "' is not a lifecycle event; valid: " + validEvents());
            } else if (seen.contains(event.get())) {
                problems.add("event " + name + " is named twice");
            } else {
                seen.add(event.get());
            }
        }
        if (!command.fileExistsBehavior().isEmpty() && behavior(command).isEmpty()) {
            problems.add("file_exists_behavior '" + command.fileExistsBehavior() + "' is not valid; valid: "
                    + "DISALLOW, OVERWRITE, RETAIN");
        }
        for (int i = 0; i < command.healthChecks().size(); i++) {
            try {
                healthCheck(command.healthChecks().get(i));
            } catch (IllegalArgumentException e) {
                problems.add("health check " + (i + 1) + ": " + e.getMessage());
            }
        }
        for (var secret : command.secrets().entrySet()) {
            // Names only: a refusal is reported to the controller and shown, a value never is.
            if (!VARIABLE.matcher(secret.getKey()).matches()) {
                problems.add("secret variable '" + secret.getKey() + "' is not an environment variable name");
            } else if (secret.getValue().indexOf('\u0000') >= 0) {
                problems.add("secret variable " + secret.getKey() + " holds a NUL character");
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The engine's request, for a command {@link #problem} found nothing wrong with. */
    static DeploymentRequest request(Deploy command, Path bundle) {
        List<LifecycleEvent> events = command.events().stream()
                .map(name -> LifecycleEvent.fromWireName(name).orElseThrow()).toList();
        return new DeploymentRequest(command.commandId(), command.deploymentId(),
                command.applicationName(), command.deploymentGroupName(), command.deploymentGroupId(),
                command.revisionId().isEmpty() ? null : command.revisionId(), bundle,
                BundleType.parse(command.bundle().type()).orElseThrow(), command.bundle().sha256(), events,
                behavior(command).orElse(null), command.ignoreApplicationStopFailures(),
                command.bundle().commit().isEmpty() ? null : command.bundle().commit(),
                command.environment(), null, command.secrets());
    }

    static List<HealthCheck> healthChecks(Deploy command) {
        return command.healthChecks().stream().map(DeployCommandReader::healthCheck).toList();
    }

    /** One bake time for the whole gate: the longest asked for. */
    static Duration bake(Deploy command) {
        return command.healthChecks().stream().map(c -> Duration.ofSeconds(c.bakeSeconds()))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** One interval for the whole gate: the shortest asked for, else the default. */
    static Duration interval(Deploy command) {
        return command.healthChecks().stream().filter(c -> c.intervalSeconds() > 0)
                .map(c -> Duration.ofSeconds(c.intervalSeconds())).min(Duration::compareTo)
                .orElse(DEFAULT_CHECK_INTERVAL);
    }

    private static HealthCheck healthCheck(HealthCheckSpec check) {
        Duration timeout = check.timeoutSeconds() > 0 ? Duration.ofSeconds(check.timeoutSeconds())
                : DEFAULT_CHECK_TIMEOUT;
        return switch (check.kind()) {
            case HTTP_URL -> new HealthCheck.Http(httpUrl(check.target()), check.expectedStatus(), timeout);
            case TCP_ADDRESS -> HealthCheck.Tcp.parse(check.target(), timeout);
            case COMMAND -> {
                if (check.target().isBlank()) {
                    throw new IllegalArgumentException("the command is empty");
                }
                yield new HealthCheck.Command(check.target(), timeout);
            }
            case NONE -> throw new IllegalArgumentException("names no check; set http_url, tcp_address or command");
        };
    }

    private static URI httpUrl(String text) {
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' is not an http(s) URL with a host; write e.g. "
                        + "http://127.0.0.1:8080/health");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private static Optional<FileExistsBehavior> behavior(Deploy command) {
        if (command.fileExistsBehavior().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(FileExistsBehavior.valueOf(command.fileExistsBehavior().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void name(List<String> problems, String field, String value) {
        if (!SAFE_NAME.matcher(value).matches()) {
            problems.add(field + " '" + value + "' cannot name a directory on this host; use 1-128 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
    }

    private static String validEvents() {
        return LifecycleEvent.IN_PLACE_WITH_TRAFFIC.stream().map(LifecycleEvent::wireName)
                .collect(Collectors.joining(", "));
    }
}
