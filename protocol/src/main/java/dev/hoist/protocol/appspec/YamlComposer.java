package dev.hoist.protocol.appspec;

import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns AppSpec text into a YAML node tree, never into Java objects: the file is hostile input, and
 * SnakeYAML's constructors would act on its tags. Only the parser and composer run (no {@code Yaml}
 * facade, no constructor at all), with limits on aliases,
 * nesting and size. Syntax errors become problems with the line and column SnakeYAML reports.
 */
final class YamlComposer {

    /** Far above any real AppSpec; keeps a hostile file from costing much to read. */
    static final int MAX_CODE_POINTS = 1024 * 1024;
    static final int MAX_ALIASES = 20;
    static final int MAX_NESTING = 20;

    private YamlComposer() {
    }

    /** The root mapping, or empty when the text is not one (the problem is then in {@code context}). */
    static Optional<MappingNode> composeRoot(String text, ParseContext context) {
        if (text == null || text.isBlank()) {
            context.error(SourcePosition.UNKNOWN, "", "the file is empty; an AppSpec file needs at least"
                    + " 'version: 0.0' and 'os: linux'");
            return Optional.empty();
        }
        Node root;
        try {
            LoaderOptions options = loaderOptions();
            root = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            reportSyntaxError(e, text, context);
            return Optional.empty();
        } catch (ReaderException e) {
            context.error(positionAtCodePoint(text, e.getPosition()), "", "the file contains a character YAML"
                    + " does not allow (" + String.format("U+%04X", e.getCodePoint()) + "); save it as UTF-8 text");
            return Optional.empty();
        } catch (YAMLException | IllegalArgumentException | IndexOutOfBoundsException e) {
            context.error(SourcePosition.UNKNOWN, "", limitBroken(String.valueOf(e.getMessage())));
            return Optional.empty();
        }
        if (root == null) {
            context.error(SourcePosition.UNKNOWN, "", "the file holds only comments or an empty document; an AppSpec"
                    + " file needs at least 'version: 0.0' and 'os: linux'");
            return Optional.empty();
        }
        if (root.getNodeId() != NodeId.mapping) {
            context.error(root, "", "the file must be a YAML mapping of keys such as 'version: 0.0' and"
                    + " 'os: linux', but it holds " + YamlValues.describe(root));
            return Optional.empty();
        }
        return Optional.of((MappingNode) root);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setProcessComments(false);
        return options;
    }

    /** SnakeYAML's limits, reworded; anything else is passed on as SnakeYAML says it. */
    private static String limitBroken(String message) {
        if (message.startsWith("Number of aliases")) {
            return "the file uses more than " + MAX_ALIASES + " aliases (*name) to lists or mappings;"
                    + " write the values out";
        }
        if (message.startsWith("Nesting Depth exceeded")) {
            return "the file nests lists and mappings more than " + MAX_NESTING + " levels deep;"
                    + " an AppSpec file needs at most 5";
        }
        if (message.contains("code point")) {
            return "the file is larger than " + MAX_CODE_POINTS + " characters; an AppSpec file is a few"
                    + " hundred lines at most";
        }
        return "the file cannot be read as YAML: " + message;
    }

    private static void reportSyntaxError(MarkedYAMLException e, String text, ParseContext context) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        SourcePosition at = ParseContext.positionOf(mark);
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (mark != null && isTab(text, mark)) {
            context.error(at, "", "a tab character is used for indentation or spacing; YAML allows only spaces"
                    + " there, so replace the tab with spaces");
        } else if (String.valueOf(e.getContext()).contains("expected a single document")) {
            context.error(at, "", "the file holds more than one YAML document (a second '---');"
                    + " an AppSpec file is one document");
        } else if (problem.startsWith("Global tag is not allowed")) {
            context.error(at, "", "the YAML tag " + YamlValues.shorten(problem.substring(problem.indexOf(':') + 1).trim())
                    + " is not allowed; an AppSpec file holds plain text, numbers, lists and mappings only");
        } else if (problem.startsWith("found undefined alias")) {
            context.error(at, "", "YAML syntax error: " + problem + "; define the anchor (&name) before using *name");
        } else {
            String where = e.getContext() == null ? "" : " (" + e.getContext()
                    + (e.getContextMark() == null || e.getContextMark() == mark ? ""
                            : " on line " + (e.getContextMark().getLine() + 1)) + ")";
            context.error(at, "", "YAML syntax error: " + problem + where
                    + "; check the indentation and quoting near this position");
        }
    }

    private static boolean isTab(String text, Mark mark) {
        int index = mark.getIndex();
        int offset;
        try {
            offset = text.offsetByCodePoints(0, index);
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
        return offset < text.length() && text.charAt(offset) == '\t';
    }

    private static SourcePosition positionAtCodePoint(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointIndex; i = text.offsetByCodePoints(i, 1), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourcePosition(line, column);
    }
}
