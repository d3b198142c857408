package dev.hoist.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.output.OutputFormat;
import dev.hoist.cli.output.TerminalText;
import dev.hoist.cli.output.YamlText;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --output} and {@code -q}: whether a command prints for a person (a table) or a script (JSON, YAML, or
 * ids one a line), and the printing for a script.
 */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml: json and yaml carry the API's own field names")
    OutputFormat output;

    @Option(names = {"-q", "--quiet"}, description = "print only ids (names where a thing has no id), one a line")
    boolean quiet;

    /** Whether the result goes to a script ({@code --output json|yaml}, {@code -q}) rather than a person. */
    boolean machineReadable() {
        return quiet || output != OutputFormat.table;
    }

    /**
     * Prints {@code json} for a script when one asked: as JSON or YAML, or with {@code -q} its ids (or names), one
     * a line. Returns {@code false} when a person's table is wanted instead.
     */
    boolean printedAsData(JsonNode json, PrintWriter out) {
        if (quiet) {
            printIds(json, out);
            return true;
        }
        if (output == OutputFormat.table) {
            return false;
        }
        printData(json, out);
        return true;
    }

    void printData(JsonNode node, PrintWriter out) {
        if (output == OutputFormat.yaml) {
            out.print(YamlText.of(node));
            return;
        }
        try {
            out.println(ApiCommand.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    private static void printIds(JsonNode node, PrintWriter out) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                printId(element, out);
            }
        } else {
            printId(node, out);
        }
    }

    private static void printId(JsonNode node, PrintWriter out) {
        JsonNode id = node.has("id") ? node.get("id") : node.get("name");
        if (id != null && id.isValueNode()) {
            out.println(TerminalText.safe(id.asText()));
        }
    }
}
