package dev.hoist.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON answer as block-style YAML, for {@code --output yaml}: the same fields and values as
 * {@code --output json}. Every string is double-quoted with JSON's escapes, which YAML reads the same way,
 * so no value can be mistaken for a number, a boolean or YAML syntax.
 */
public final class YamlText {
    private YamlText() {
    }

    /** {@code node} as a YAML document, ending in a newline. */
    public static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        if (node.isContainerNode() && node.size() > 0) {
            block(node, 0, out);
        } else {
            out.append(scalar(node)).append('\n');
        }
        return out.toString();
    }

    private static void block(JsonNode node, int indent, StringBuilder out) {
        String pad = " ".repeat(indent);
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(pad).append(key(field.getKey())).append(':');
                value(field.getValue(), indent, out);
            }
        } else {
            for (JsonNode element : node) {
                out.append(pad).append('-');
                if (element.isObject() && element.size() > 0) {
                    // the first field on the dash's line, the rest aligned under it
                    StringBuilder nested = new StringBuilder();
                    block(element, indent + 2, nested);
                    out.append(' ').append(nested.substring(indent + 2));
                } else {
                    value(element, indent, out);
                }
            }
        }
    }

    private static void value(JsonNode value, int indent, StringBuilder out) {
        if (value.isContainerNode() && value.size() > 0) {
            out.append('\n');
            block(value, indent + 2, out);
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static String key(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_.-]*") ? name : YamlQuoted.write(name);
    }

    private static String scalar(JsonNode node) {
        if (node.isObject()) {
            return "{}";
        }
        if (node.isArray()) {
            return "[]";
        }
        if (node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isTextual()) {
            return YamlQuoted.write(node.asText());
        }
        return node.toString(); // numbers and booleans as JSON writes them, which YAML reads alike
    }
}
