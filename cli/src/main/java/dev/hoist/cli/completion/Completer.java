package dev.hoist.cli.completion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hoist.cli.CliContext;
import dev.hoist.cli.CommandTree;
import dev.hoist.cli.client.ApiClient;
import dev.hoist.cli.client.ApiJson;
import dev.hoist.cli.client.Connection;
import dev.hoist.cli.config.ConfigFile;
import dev.hoist.cli.config.SavedContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * {@code hoist __complete WORD... CURRENT}: the candidates for the word being completed, one a line, which
 * the scripts of {@code hoist completion} ask for. Commands and options come from the command tree;
 * application, group, agent, context and recent deployment ids from the controller (with the
 * connection settings of the words typed so far). A controller that does not answer gives no
 * candidates, never an error: completion must not get in the way of typing.
 */
public final class Completer {
    /** The hidden command the completion scripts run. */
    public static final String COMMAND = "__complete";
    /** How far back {@code deployment get|stop|continue|logs} completes ids. */
    private static final Duration RECENT = Duration.ofHours(1);

    private final CliContext context;

    public Completer(CliContext context) {
        this.context = context;
    }

    /** Prints the candidates for {@code words} (after {@code hoist}; the last one is being completed). */
    public int run(String... words) {
        for (String candidate : candidates(words)) {
            context.out().println(candidate);
        }
        context.out().flush();
        return 0;
    }

    List<String> candidates(String... words) {
        String current = words.length == 0 ? "" : words[words.length - 1];
        CommandLine line = CommandTree.fullCommandLine(context);
        CommandSpec spec = line.getCommandSpec();
        List<String> path = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        int positionals = 0;
        OptionSpec pending = null;
        for (int i = 0; i < words.length - 1; i++) {
            String word = words[i];
            if (pending != null) {
                options.put(pending.longestName(), word);
                pending = null;
                continue;
            }
            CommandLine sub = spec.subcommands().get(word);
            if (sub != null && positionals == 0) {
                spec = sub.getCommandSpec();
                path.add(word);
                continue;
            }
            if (word.startsWith("-")) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                OptionSpec option = spec.findOption(name);
                if (option != null && option.arity().max() > 0 && !word.contains("=")) {
                    pending = option;
                } else if (option != null && word.contains("=")) {
                    options.put(option.longestName(), word.substring(word.indexOf('=') + 1));
                }
                continue;
            }
            positionals++;
        }
        List<String> all = new ArrayList<>();
        if (pending != null) {
            all.addAll(optionValues(pending, options));
        } else if (current.startsWith("-")) {
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    all.addAll(List.of(option.names()));
                }
            }
        } else {
            for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
                if (!sub.getValue().getCommandSpec().usageMessage().hidden() && positionals == 0) {
                    all.add(sub.getKey());
                }
            }
            all.addAll(positionalValues(spec, String.join(" ", path), positionals, options));
        }
        List<String> matching = new ArrayList<>();
        for (String candidate : all) {
            if (candidate.startsWith(current) && !matching.contains(candidate)) {
                matching.add(candidate);
            }
        }
        return matching;
    }

    private List<String> optionValues(OptionSpec option, Map<String, String> options) {
        switch (option.longestName()) {
            case "--app":
                return fromApi(options, "/api/v1/applications", "name");
            case "--group":
                String app = options.get("--app");
                return app == null ? List.of()
                        : fromApi(options, "/api/v1/applications/" + ApiClient.encode(app) + "/deployment-groups",
                                "name");
            case "--agent":
                return fromApi(options, "/api/v1/agents", "id");
            case "--config":
                return fromApi(options, "/api/v1/deployment-configs", "name");
            case "--context":
                return contextNames();
            case "--state":
                return List.of("Connected", "Disconnected", "Revoked");
            case "--role":
                return List.of("viewer", "deployer", "admin");
            case "--status":
                return List.of("Created", "Queued", "InProgress", "Ready", "Baking", "Succeeded", "Failed", "Stopped");
            default:
                return declaredValues(option); // --output's formats, as its enum declares them
        }
    }

    /** What picocli knows an option or positional may be: an enum's constants, or no candidates. */
    private static List<String> declaredValues(ArgSpec arg) {
        List<String> values = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(values::add);
        }
        return values;
    }

    private List<String> positionalValues(CommandSpec spec, String command, int index, Map<String, String> options) {
        switch (command) {
            case "agent get":
            case "agent revoke":
            case "agent tag":
                return index == 0 ? fromApi(options, "/api/v1/agents", "id") : List.of();
            case "deployment get":
            case "deployment stop":
            case "deployment continue":
            case "deployment logs":
                return index == 0 ? recentDeployments(options) : List.of();
            case "group get":
                String app = options.get("--app");
                return index != 0 || app == null ? List.of()
                        : fromApi(options, "/api/v1/applications/" + ApiClient.encode(app) + "/deployment-groups",
                                "name");
            case "context use":
            case "context remove":
                return index == 0 ? contextNames() : List.of();
            default:
                // e.g. completion's SHELL, as its enum declares the shells
                List<PositionalParamSpec> declared = spec.positionalParameters();
                return index < declared.size() ? declaredValues(declared.get(index)) : List.of();
        }
    }

    private List<String> contextNames() {
        List<String> names = new ArrayList<>();
        for (SavedContext saved : ConfigFile.of(context.environment()).load().contexts()) {
            names.add(saved.name());
        }
        return names;
    }

    private List<String> recentDeployments(Map<String, String> options) {
        Instant since = context.clock().instant().minus(RECENT);
        List<String> ids = new ArrayList<>();
        for (JsonNode deployment : list(options, "/api/v1/deployments?limit=100")) {
            String createdAt = deployment.path("createdAt").asText("");
            if (!createdAt.isEmpty() && Instant.parse(createdAt).isAfter(since)) {
                ids.add(deployment.path("id").asText());
            }
        }
        return ids;
    }

    private List<String> fromApi(Map<String, String> options, String path, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : list(options, path)) {
            if (item.path(field).isTextual()) {
                values.add(item.path(field).asText());
            }
        }
        return values;
    }

    private JsonNode list(Map<String, String> options, String path) {
        try {
            Connection connection = Connection.resolve(options.get("--url"), options.get("--token"),
                    options.get("--context"), context.environment(), context.workingDirectory());
            JsonNode answer = new ApiClient(connection, ApiJson.mapper()).get(path, JsonNode.class).json();
            return answer.isArray() ? answer : MissingNode.getInstance();
        } catch (RuntimeException e) {
            return MissingNode.getInstance(); // no candidates, as promised
        }
    }
}
