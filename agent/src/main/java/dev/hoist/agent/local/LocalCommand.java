package dev.hoist.agent.local;

import dev.hoist.agent.bundle.BundleType;
import dev.hoist.agent.lifecycle.Cancellation;
import dev.hoist.agent.lifecycle.DeploymentListener;
import dev.hoist.agent.lifecycle.DeploymentRequest;
import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.DeploymentRunner;
import dev.hoist.agent.lifecycle.EngineSettings;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoist-agent local}: runs a revision bundle on this machine through the same
 * {@link DeploymentRunner} as a controller's deployment. A thin front end: it turns options into a
 * {@link DeploymentRequest} and prints the result.
 */
@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a revision bundle on this machine, as a deployment would.",
        footer = {"", "Exit status: 0 when the deployment succeeded, 1 when it failed or was refused, 2 for bad options."})
public final class LocalCommand implements Callable<Integer> {

    static final String ROOT_VARIABLE = "HOIST_AGENT_DEPLOYMENT_ROOT";
    /** Run whatever {@code --events} names, as {@code codedeploy-local} does. */
    static final List<LifecycleEvent> REQUIRED_EVENTS = List.of(LifecycleEvent.DOWNLOAD_BUNDLE, LifecycleEvent.INSTALL);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "PATH",
            description = "The revision: a tar, tgz or zip archive, or a directory.")
    private Path bundle;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "tar, tgz, zip or directory (default: from the file name, else its first bytes).")
    private String type;

    @Option(names = "--application-name", paramLabel = "A", defaultValue = "local",
            description = "Application name given to hooks (default: ${DEFAULT-VALUE}).")
    private String applicationName;

    @Option(names = "--deployment-group-name", paramLabel = "G", defaultValue = "default-local-group",
            description = "Deployment group name (default: ${DEFAULT-VALUE}); the group id is derived from it "
                    + "and the application name.")
    private String groupName;

    @Option(names = "--events", paramLabel = "E1,E2", split = ",",
            description = "Run only these lifecycle events, in lifecycle order; DownloadBundle and Install "
                    + "always run, as in codedeploy-local.")
    private List<String> events;

    @Option(names = "--file-exists-behavior", paramLabel = "B",
            description = "DISALLOW, OVERWRITE or RETAIN, when the AppSpec names none (default: DISALLOW).")
    private String fileExistsBehavior;

    @Option(names = "--ignore-application-stop-failures",
            description = "A failure of ApplicationStop, BeforeBlockTraffic or AfterBlockTraffic is a warning.")
    private boolean ignoreApplicationStopFailures;

    @Option(names = "--deployment-root", paramLabel = "DIR",
            description = "Where deployments are kept (default: $" + ROOT_VARIABLE
                    + ", else /var/lib/hoist-agent/deployments).")
    private Path deploymentRoot;

    @Option(names = "--appspec", paramLabel = "FILE",
            description = "The AppSpec file in the bundle (default: appspec.yml, else appspec.yaml).")
    private String appSpecFile;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: only the JSON report on stdout.")
    private String output;

    /** Where the report goes; stdout unless a test gives another stream. */
    private final PrintStream out;

    public LocalCommand() {
        this(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8));
    }

    LocalCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        boolean json = parseOutput();
        List<LifecycleEvent> plan = parseEvents();
        FileExistsBehavior behavior = parseBehavior();
        BundleType bundleType = parseType();
        DeploymentLayout layout = new DeploymentLayout(resolveRoot());

        String deploymentId = "d-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String groupId = groupId(applicationName, groupName);
        DeploymentRequest request = new DeploymentRequest("", deploymentId, applicationName, groupName, groupId,
                null, bundle.toAbsolutePath(), bundleType, null, plan, behavior, ignoreApplicationStopFailures,
                null, Map.of(), appSpecFile);

        HumanProgress human = new HumanProgress(out);
        DeploymentListener listener = json ? new DeploymentListener() {
            @Override
            public void interruptedEarlier(dev.hoist.agent.state.InFlightEvent event) {
                System.err.println("note: the previous run of this group (deployment " + event.deploymentId()
                        + ") died during " + event.event() + ": FAILED_AFTER_RESTART");
            }
        } : human;
        if (!json) {
            out.println("deployment " + deploymentId + " of " + bundle + " (" + bundleType.name().toLowerCase(Locale.ROOT)
                    + ") to group " + groupName + " (" + groupId + ")");
            out.println("events: " + plan.stream().map(LifecycleEvent::wireName).collect(Collectors.joining(", ")));
        }

        DeploymentRunner runner = new EngineSettings().build(layout, Clock.systemUTC());
        Cancellation cancellation = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            cancellation.cancel("hoist-agent local was interrupted");
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "local-cancel");
        Runtime.getRuntime().addShutdownHook(onSignal);
        DeploymentResult result;
        try {
            result = runner.run(request, listener, cancellation);
        } finally {
            finished.countDown();
            removeHook(onSignal);
        }
        if (json) {
            out.println(LocalReport.json(result));
        } else {
            human.finished(result, layout.scriptsLog(groupId, deploymentId).toString());
        }
        out.flush();
        return result.succeeded() ? 0 : 1;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook has run or is running, which is what it is for.
        }
    }

    /** A stable id for an application's group: the same names always give the same id. */
    static String groupId(String application, String group) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((application + "\n" + group).getBytes(StandardCharsets.UTF_8));
            return "g-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private Path resolveRoot() {
        if (deploymentRoot != null) {
            return deploymentRoot;
        }
        String fromEnvironment = System.getenv(ROOT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DeploymentLayout.DEFAULT_ROOT
                : Path.of(fromEnvironment);
    }

    private boolean parseOutput() {
        return switch (output) {
            case "json" -> true;
            case "text" -> false;
            default -> throw usage("--output '" + output + "' is not a format; valid: text, json");
        };
    }

    private List<LifecycleEvent> parseEvents() {
        if (events == null || events.isEmpty()) {
            return LifecycleEvent.IN_PLACE;
        }
        List<LifecycleEvent> chosen = new ArrayList<>();
        for (String name : events) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            LifecycleEvent event = LifecycleEvent.fromWireName(trimmed).orElseThrow(() -> usage("--events: '"
                    + trimmed + "' is not a lifecycle event (names are case-sensitive); valid: "
                    + LifecycleEvent.IN_PLACE_WITH_TRAFFIC.stream().map(LifecycleEvent::wireName)
                            .collect(Collectors.joining(", "))));
            if (!chosen.contains(event)) {
                chosen.add(event);
            }
        }
        if (chosen.isEmpty()) {
            throw usage("--events names no event");
        }
        // As codedeploy-local: without these two, a start hook would run against files never installed.
        for (LifecycleEvent required : REQUIRED_EVENTS) {
            if (!chosen.contains(required)) {
                chosen.add(required);
            }
        }
        chosen.sort(Comparator.comparingInt(LifecycleEvent.IN_PLACE_WITH_TRAFFIC::indexOf));
        return chosen;
    }

    private FileExistsBehavior parseBehavior() {
        if (fileExistsBehavior == null) {
            return null;
        }
        try {
            return FileExistsBehavior.valueOf(fileExistsBehavior.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--file-exists-behavior '" + fileExistsBehavior + "' is not a behaviour; valid: "
                    + Arrays.stream(FileExistsBehavior.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private BundleType parseType() throws IOException {
        if (type != null) {
            return BundleType.parse(type.strip()).orElseThrow(() -> usage("--type '" + type
                    + "' is not a bundle type; valid: tar, tgz, zip, directory"));
        }
        if (!Files.exists(bundle)) {
            throw usage("--bundle " + bundle + " does not exist");
        }
        Optional<BundleType> detected = new BundleTypeDetector().detect(bundle);
        return detected.orElseThrow(() -> usage("cannot tell the type of " + bundle + " from its name or "
                + "content; give --type tar, tgz, zip or directory"));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
