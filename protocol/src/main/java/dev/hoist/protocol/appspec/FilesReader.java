package dev.hoist.protocol.appspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads {@code files}: a list of {source, destination} that Install copies. */
final class FilesReader {

    private static final List<String> KEYS = List.of("source", "destination");

    private final ParseContext context;

    FilesReader(ParseContext context) {
        this.context = context;
    }

    List<FileMapping> read(YamlMapping top) {
        Node files = top.value("files").orElse(null);
        if (YamlValues.isNull(files)) {
            return List.of();
        }
        if (files.getNodeId() != NodeId.sequence) {
            context.error(files, "files", "must be a list of entries such as '- source: /' with"
                    + " 'destination: /srv/app' under it, not " + YamlValues.describe(files));
            return List.of();
        }
        List<FileMapping> mappings = new ArrayList<>();
        List<Node> entries = ((SequenceNode) files).getValue();
        for (int i = 0; i < entries.size(); i++) {
            readEntry(entries.get(i), "files[" + i + "]").ifPresent(mappings::add);
        }
        return mappings;
    }

    private Optional<FileMapping> readEntry(Node entry, String path) {
        if (entry.getNodeId() != NodeId.mapping) {
            context.error(entry, path, "must be a mapping with 'source' and 'destination', not "
                    + YamlValues.describe(entry));
            return Optional.empty();
        }
        YamlMapping fields = new YamlMapping((MappingNode) entry, path, context);
        fields.warnAboutUnknownKeys(KEYS, context);
        Optional<String> source = fields.requiredText("source", "source: /", context)
                .flatMap(text -> checkSource(text, fields));
        Optional<String> destination = fields.requiredText("destination", "destination: /srv/app", context)
                .flatMap(text -> checkDestination(text, fields));
        if (source.isEmpty() || destination.isEmpty()) {
            return Optional.empty();
        }
        context.remember(path + ".source", fields.value("source").orElseThrow());
        context.remember(path + ".destination", fields.value("destination").orElseThrow());
        return Optional.of(new FileMapping(source.get(), destination.get()));
    }

    private Optional<String> checkSource(String written, YamlMapping fields) {
        Node node = fields.value("source").orElseThrow();
        String key = fields.childPath("source");
        if (AppSpecPaths.hasGlob(written)) {
            context.error(node, key, YamlValues.describe(node) + ": globs are not supported in a source;"
                    + " name a file or directory of the bundle, or write 'source: /' to copy the whole bundle");
            return Optional.empty();
        }
        Checked checked = AppSpecPaths.insideBundle(written.trim());
        if (!checked.ok()) {
            context.error(node, key, YamlValues.describe(node) + " " + checked.refusal());
            return Optional.empty();
        }
        return Optional.of(checked.value());
    }

    private Optional<String> checkDestination(String written, YamlMapping fields) {
        Node node = fields.value("destination").orElseThrow();
        Checked checked = AppSpecPaths.onHost(written.trim());
        if (!checked.ok()) {
            context.error(node, fields.childPath("destination"), YamlValues.describe(node) + " "
                    + checked.refusal() + ", e.g. 'destination: /srv/app'");
            return Optional.empty();
        }
        return Optional.of(checked.value());
    }
}
