package dev.hoist.protocol.appspec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The keys of one YAML mapping, checked the way every AppSpec mapping needs: keys are plain text,
 * none appears twice, and keys the reader does not know are reported as warnings (CodeDeploy ignores them).
 */
final class YamlMapping {

    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    /**
     * @param path the key path of this mapping, e.g. {@code hooks.BeforeInstall[0]}, or {@code ""} at the top
     */
    YamlMapping(MappingNode node, String path, ParseContext context) {
        this.node = node;
        this.path = path;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (Tag.MERGE.equals(keyNode.getTag())) {
                context.error(keyNode, path, "merge keys (<<) are not supported in an AppSpec file; write the keys out");
                continue;
            }
            if (!YamlValues.isScalar(keyNode) || YamlValues.isNull(keyNode)) {
                context.error(keyNode, path, "a key must be plain text, not " + YamlValues.describe(keyNode));
                continue;
            }
            String key = YamlValues.text(keyNode);
            NodeTuple first = entries.putIfAbsent(key, tuple);
            if (first != null) {
                context.error(keyNode, childPath(key), "'" + YamlValues.shorten(key) + "' appears twice in this mapping"
                        + " (first on line " + ParseContext.positionOf(first.getKeyNode()).line()
                        + "); keep one of them");
            }
        }
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    /** The value of {@code key}, if the key is present (its value may still be null). */
    Optional<Node> value(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Map<String, NodeTuple> entries() {
        return entries;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * The text of a key that must be there; a missing or empty key, or a list or mapping where text
     * belongs, is reported as an error. {@code example} shows a valid line, e.g. {@code destination: /srv/app}.
     */
    Optional<String> requiredText(String key, String example, ParseContext context) {
        Node value = entries.containsKey(key) ? entries.get(key).getValueNode() : null;
        if (value == null) {
            context.error(node, childPath(key), "this required key is missing; add e.g. '" + example + "'");
            return Optional.empty();
        }
        if (YamlValues.isNull(value)) {
            context.error(value, childPath(key), "is empty; write e.g. '" + example + "'");
            return Optional.empty();
        }
        return text(key, value, example, context);
    }

    /** The text of an optional key, or empty when it is absent or empty; lists and mappings are errors. */
    Optional<String> optionalText(String key, String example, ParseContext context) {
        Node value = entries.containsKey(key) ? entries.get(key).getValueNode() : null;
        if (YamlValues.isNull(value)) {
            return Optional.empty();
        }
        return text(key, value, example, context);
    }

    private Optional<String> text(String key, Node value, String example, ParseContext context) {
        if (!YamlValues.isScalar(value)) {
            context.error(value, childPath(key), "must be text, not " + YamlValues.describe(value)
                    + "; write e.g. '" + example + "'");
            return Optional.empty();
        }
        return Optional.of(YamlValues.text(value));
    }

    /** Warns about each key not in {@code known}, suggesting the nearest known one. */
    void warnAboutUnknownKeys(Collection<String> known, ParseContext context) {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (known.contains(key)) {
                continue;
            }
            String message = "unknown key '" + YamlValues.shorten(key) + "' is ignored"
                    + NearestName.among(key, known).map(near -> "; did you mean '" + near + "'?").orElse("")
                    + " (valid here: " + String.join(", ", known) + ")";
            context.warning(entry.getValue().getKeyNode(), childPath(key), message);
        }
    }
}
