package dev.hoist.agent.deploy;

import dev.hoist.agent.bundle.BundleType;
import dev.hoist.agent.health.HealthCheck;
import dev.hoist.agent.lifecycle.DeploymentRequest;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.v1.DeployCommand;
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
 * Reads a {@code DeployCommand} off the wire into what the engine runs: checks every field first, so
 * that a command this agent cannot run is refused in its {@code CommandAck} with what is wrong (the
 * bad value, what would be valid), before anything is touched on the host.
 */
final class DeployCommandReader {
    /** Ids become directory names under the deployment root: no separators, no dot-only names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private DeployCommandReader() {
    }

    /** What is wrong with {@code command}, or empty when this agent can run it. */
    static Optional<String> problem(DeployCommand command) {
        List<String> problems = new ArrayList<>();
        name(problems, "deployment_id", command.getDeploymentId());
        name(problems, "deployment_group_id", command.getDeploymentGroupId());
        if (!SHA256.matcher(command.getBundleSha256()).matches()) {
            problems.add("bundle_sha256 '" + command.getBundleSha256() + "' is not a SHA-256 (64 lowercase hex "
                    + "digits)");
        }
        Optional<BundleType> type = BundleType.parse(command.getBundleType());
        if (type.isEmpty() || type.get() == BundleType.DIRECTORY) {
            problems.add("bundle_type '" + command.getBundleType() + "' is not an archive type; valid: tar, tgz, zip");
        }
        if (command.getEventsCount() == 0) {
            problems.add("events is empty; name the lifecycle events to run");
        }
        List<LifecycleEvent> seen = new ArrayList<>();
        for (String name : command.getEventsList()) {
            Optional<LifecycleEvent> event = LifecycleEvent.fromWireName(name);
            if (event.isEmpty()) {
                problems.add("event '" + name + "' is not a lifecycle event; valid: " + validEvents());
            } else if (seen.contains(event.get())) {
                problems.add("event " + name + " is named twice");
            } else {
                seen.add(event.get());
            }
        }
        if (!command.getFileExistsBehavior().isEmpty() && behavior(command).isEmpty()) {
            problems.add("file_exists_behavior '" + command.getFileExistsBehavior() + "' is not valid; valid: "
                    + "DISALLOW, OVERWRITE, RETAIN");
        }
        for (int i = 0; i < command.getHealthChecksCount(); i++) {
            try {
                healthCheck(command.getHealthChecks(i));
            } catch (IllegalArgumentException e) {
                problems.add("health check " + (i + 1) + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The engine's request, for a command {@link #problem} found nothing wrong with. */
    static DeploymentRequest request(DeployCommand command, Path bundle) {
        List<LifecycleEvent> events = command.getEventsList().stream()
                .map(name -> LifecycleEvent.fromWireName(name).orElseThrow()).toList();
        return new DeploymentRequest(command.getCommandId(), command.getDeploymentId(),
                command.getApplicationName(), command.getDeploymentGroupName(), command.getDeploymentGroupId(),
                command.getRevisionId().isEmpty() ? null : command.getRevisionId(), bundle,
                BundleType.parse(command.getBundleType()).orElseThrow(), command.getBundleSha256(), events,
                behavior(command).orElse(null), command.getIgnoreApplicationStopFailures(),
                command.getBundleCommit().isEmpty() ? null : command.getBundleCommit(),
                command.getEnvironmentMap(), null);
    }

    static List<HealthCheck> healthChecks(DeployCommand command) {
        return command.getHealthChecksList().stream().map(DeployCommandReader::healthCheck).toList();
    }

    /** One bake time for the whole gate: the longest asked for. */
    static Duration bake(DeployCommand command) {
        return command.getHealthChecksList().stream().map(c -> Duration.ofSeconds(c.getBakeSeconds()))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** One interval for the whole gate: the shortest asked for, else the default. */
    static Duration interval(DeployCommand command) {
        return command.getHealthChecksList().stream().filter(c -> c.getIntervalSeconds() > 0)
                .map(c -> Duration.ofSeconds(c.getIntervalSeconds())).min(Duration::compareTo)
                .orElse(DEFAULT_CHECK_INTERVAL);
    }

    private static HealthCheck healthCheck(dev.hoist.protocol.v1.HealthCheck check) {
        Duration timeout = check.getTimeoutSeconds() > 0 ? Duration.ofSeconds(check.getTimeoutSeconds())
                : DEFAULT_CHECK_TIMEOUT;
        return switch (check.getCheckCase()) {
            case HTTP_URL -> new HealthCheck.Http(httpUrl(check.getHttpUrl()), check.getExpectedStatus(), timeout);
            case TCP_ADDRESS -> HealthCheck.Tcp.parse(check.getTcpAddress(), timeout);
            case COMMAND -> {
                if (check.getCommand().isBlank()) {
                    throw new IllegalArgumentException("the command is empty");
                }
                yield new HealthCheck.Command(check.getCommand(), timeout);
            }
            default -> throw new IllegalArgumentException("names no check; set http_url, tcp_address or command");
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

    private static Optional<FileExistsBehavior> behavior(DeployCommand command) {
        if (command.getFileExistsBehavior().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(FileExistsBehavior.valueOf(command.getFileExistsBehavior().toUpperCase(Locale.ROOT)));
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
