package dev.hoist.protocol.appspec;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** How AppSpec values are read from YAML nodes and shown back to the user in messages. */
final class YamlValues {

    private static final int SHOWN_LENGTH = 60;

    private YamlValues() {
    }

    /** {@code key: } with nothing after it, {@code ~} or {@code null}. */
    static boolean isNull(Node node) {
        return node == null || node.getNodeId() == NodeId.scalar && Tag.NULL.equals(node.getTag())
                && ((ScalarNode) node).isPlain();
    }

    static boolean isScalar(Node node) {
        return node != null && node.getNodeId() == NodeId.scalar;
    }

    static boolean isPlainScalar(Node node) {
        return isScalar(node) && ((ScalarNode) node).isPlain();
    }

    /** The scalar's text exactly as written (for a plain scalar, before YAML reads it as a number). */
    static String text(Node scalar) {
        return ((ScalarNode) scalar).getValue();
    }

    /** The value as a message shows it: plain scalars as written, quoted ones quoted, collections by kind. */
    static String describe(Node node) {
        if (node == null || isNull(node)) {
            return "an empty value";
        }
        switch (node.getNodeId()) {
            case sequence:
                return "a list";
            case mapping:
                return "a mapping";
            case anchor:
                return "an alias";
            default:
                break;
        }
        String shown = shorten(text(node));
        return ((ScalarNode) node).isPlain() ? shown : '"' + shown + '"';
    }

    /** Text as a message shows it: at most 60 characters, control characters escaped. */
    static String shorten(String value) {
        StringBuilder shown = new StringBuilder();
        int count = 0;
        for (int i = 0; i < value.length(); i = value.offsetByCodePoints(i, 1)) {
            if (count++ == SHOWN_LENGTH) {
                return shown.append("...").toString();
            }
            int c = value.codePointAt(i);
            if (c == '\n') {
                shown.append("\\n");
            } else if (c == '\t') {
                shown.append("\\t");
            } else if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        }
        return shown.toString();
    }
}
