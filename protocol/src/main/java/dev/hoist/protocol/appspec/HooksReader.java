package dev.hoist.protocol.appspec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code hooks}: lifecycle event name to the scripts it runs, in order. Event names are
 * case-sensitive, as in CodeDeploy; unlike CodeDeploy, an unknown name is an error with the nearest
 * valid name rather than a hook that silently never runs.
 */
final class HooksReader {

    private static final List<String> SCRIPT_KEYS = List.of("location", "timeout", "runas");
    private static final List<String> SCRIPT_EVENTS = Stream.of(LifecycleEvent.values())
            .filter(LifecycleEvent::runsScripts).map(LifecycleEvent::wireName).collect(Collectors.toList());
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final String TIMEOUT_EXAMPLE = "write e.g. 'timeout: 300' (seconds; the default is 3600)";

    private final ParseContext context;

    HooksReader(ParseContext context) {
        this.context = context;
    }

    Map<LifecycleEvent, List<HookScript>> read(YamlMapping top) {
        Node hooks = top.value("hooks").orElse(null);
        if (YamlValues.isNull(hooks)) {
            return Map.of();
        }
        if (hooks.getNodeId() != NodeId.mapping) {
            context.error(hooks, "hooks", "must be a mapping of lifecycle event names to lists of scripts, such"
                    + " as 'BeforeInstall:' followed by '- location: scripts/install.sh', not "
                    + YamlValues.describe(hooks));
            return Map.of();
        }
        Map<LifecycleEvent, List<HookScript>> scripts = new EnumMap<>(LifecycleEvent.class);
        YamlMapping events = new YamlMapping((MappingNode) hooks, "hooks", context);
        for (Map.Entry<String, NodeTuple> entry : events.entries().entrySet()) {
            String name = entry.getKey();
            Node keyNode = entry.getValue().getKeyNode();
            Optional<LifecycleEvent> event = eventNamed(name, keyNode);
            if (event.isPresent()) {
                context.remember("hooks." + name, keyNode);
                scripts.put(event.get(), readScripts(entry.getValue().getValueNode(), "hooks." + name));
            }
        }
        return scripts;
    }

    private Optional<LifecycleEvent> eventNamed(String name, Node keyNode) {
        String key = "hooks." + name;
        Optional<LifecycleEvent> exact = LifecycleEvent.fromWireName(name);
        if (exact.isPresent() && exact.get().runsScripts()) {
            return exact;
        }
        Optional<LifecycleEvent> ownStep = exact.isPresent() ? exact : Stream.of(LifecycleEvent.values())
                .filter(e -> !e.runsScripts() && NearestName.fold(e.wireName()).equals(NearestName.fold(name)))
                .findFirst();
        if (ownStep.isPresent()) {
            context.error(keyNode, key, "'" + YamlValues.shorten(name) + "': " + ownStep.get().wireName()
                    + " is Hoist's own step and runs no scripts; put scripts under " + neighbours(ownStep.get()));
            return Optional.empty();
        }
        String suggestion = SCRIPT_KEYS.contains(name)
                ? "; '" + name + "' is a script setting: indent it under its '- location:' entry"
                : NearestName.among(name, SCRIPT_EVENTS)
                        .map(near -> "; did you mean '" + near + "'? Event names are case-sensitive").orElse("");
        context.error(keyNode, key, "'" + YamlValues.shorten(name) + "' is not a lifecycle event" + suggestion
                + " (valid: " + String.join(", ", SCRIPT_EVENTS) + ")");
        return Optional.empty();
    }

    private static String neighbours(LifecycleEvent step) {
        switch (step) {
            case DOWNLOAD_BUNDLE:
                return "ApplicationStop or BeforeInstall";
            case BLOCK_TRAFFIC:
                return "BeforeBlockTraffic or AfterBlockTraffic";
            case ALLOW_TRAFFIC:
                return "BeforeAllowTraffic or AfterAllowTraffic";
            default:
                return "BeforeInstall or AfterInstall";
        }
    }

    private List<HookScript> readScripts(Node value, String path) {
        if (YamlValues.isNull(value)) {
            return List.of();
        }
        if (value.getNodeId() != NodeId.sequence) {
            context.error(value, path, "must be a list of scripts, each starting with '- location:', not "
                    + YamlValues.describe(value));
            return List.of();
        }
        List<HookScript> scripts = new ArrayList<>();
        List<Node> entries = ((SequenceNode) value).getValue();
        for (int i = 0; i < entries.size(); i++) {
            readScript(entries.get(i), path + "[" + i + "]").ifPresent(scripts::add);
        }
        return List.copyOf(scripts);
    }

    private Optional<HookScript> readScript(Node entry, String path) {
        if (entry.getNodeId() != NodeId.mapping) {
            context.error(entry, path, "must be a mapping such as '- location: scripts/start.sh', not "
                    + YamlValues.describe(entry));
            return Optional.empty();
        }
        int errorsBefore = context.errors().size();
        YamlMapping fields = new YamlMapping((MappingNode) entry, path, context);
        fields.warnAboutUnknownKeys(SCRIPT_KEYS, context);
        Optional<String> location = fields.requiredText("location", "location: scripts/start.sh", context)
                .flatMap(text -> checkLocation(text, fields));
        Optional<Duration> timeout = readTimeout(fields);
        String runas = readRunas(fields);
        if (context.errors().size() > errorsBefore) {
            return Optional.empty();
        }
        context.remember(path + ".location", fields.value("location").orElseThrow());
        fields.value("timeout").ifPresent(node -> context.remember(path + ".timeout", node));
        return Optional.of(new HookScript(location.orElseThrow(), timeout.orElseThrow(), runas));
    }

    private Optional<String> checkLocation(String written, YamlMapping fields) {
        Node node = fields.value("location").orElseThrow();
        String key = fields.childPath("location");
        if (AppSpecPaths.hasGlob(written)) {
            context.error(node, key, YamlValues.describe(node) + ": a location names one script; globs are not"
                    + " supported (list each script as its own '- location:' entry)");
            return Optional.empty();
        }
        Checked checked = AppSpecPaths.insideBundle(written.trim());
        if (!checked.ok()) {
            context.error(node, key, YamlValues.describe(node) + " " + checked.refusal());
            return Optional.empty();
        }
        if (checked.value().isEmpty()) {
            context.error(node, key, YamlValues.describe(node) + " names the bundle root, not a script;"
                    + " write the script's path, e.g. 'location: scripts/start.sh'");
            return Optional.empty();
        }
        return Optional.of(checked.value());
    }

    /** The timeout, the default when none is written, or empty after reporting an error. */
    private Optional<Duration> readTimeout(YamlMapping fields) {
        Node node = fields.value("timeout").orElse(null);
        if (YamlValues.isNull(node)) {
            return Optional.of(HookScript.DEFAULT_TIMEOUT);
        }
        String key = fields.childPath("timeout");
        if (!YamlValues.isScalar(node)) {
            context.error(node, key, YamlValues.describe(node) + " is not a whole number of seconds; " + TIMEOUT_EXAMPLE);
            return Optional.empty();
        }
        String text = YamlValues.text(node).trim();
        if (!DIGITS.matcher(text).matches()) {
            String why = text.matches("-[0-9]+") ? " is not a positive whole number of seconds; "
                    : text.matches("[0-9]{11,}") ? " is far too large; " : " is not a whole number of seconds; ";
            context.error(node, key, YamlValues.describe(node) + why + TIMEOUT_EXAMPLE);
            return Optional.empty();
        }
        long seconds = Long.parseLong(text);
        if (seconds == 0) {
            context.error(node, key, YamlValues.describe(node) + " is not a positive whole number of seconds; "
                    + TIMEOUT_EXAMPLE);
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    /** The user, or null when none is set or an error was reported. */
    private String readRunas(YamlMapping fields) {
        Optional<String> written = fields.optionalText("runas", "runas: app", context);
        if (written.isEmpty()) {
            return null;
        }
        Node node = fields.value("runas").orElseThrow();
        String user = written.get().trim();
        String key = fields.childPath("runas");
        if (user.isEmpty()) {
            context.error(node, key, "is empty; name a user such as 'runas: app', or remove the key to run"
                    + " the script as the agent's own user");
            return null;
        }
        if (!UserNames.isValid(user)) {
            context.error(node, key, YamlValues.describe(node) + " is not a valid user name; " + UserNames.RULE
                    + ", e.g. 'runas: app'");
            return null;
        }
        return user;
    }
}
