package dev.hoist.protocol.appspec;

import dev.hoist.protocol.appspec.AppSpecProblem.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What one parse of one file has found so far: its problems, in document order, and where each
 * accepted value was written. Readers report into it instead of stopping at the first error.
 */
final class ParseContext {

    private final String fileName;
    private final List<AppSpecProblem> errors = new ArrayList<>();
    private final List<AppSpecProblem> warnings = new ArrayList<>();
    private final Map<String, SourcePosition> positions = new HashMap<>();

    ParseContext(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    void error(Node at, String key, String message) {
        errors.add(problem(Severity.ERROR, positionOf(at), key, message));
    }

    void error(SourcePosition at, String key, String message) {
        errors.add(problem(Severity.ERROR, at, key, message));
    }

    void warning(Node at, String key, String message) {
        warnings.add(problem(Severity.WARNING, positionOf(at), key, message));
    }

    /** Remembers where the value of {@code key} was written, for checks made after parsing. */
    void remember(String key, Node at) {
        positions.put(key, positionOf(at));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<AppSpecProblem> errors() {
        return errors;
    }

    List<AppSpecProblem> warnings() {
        return warnings;
    }

    Map<String, SourcePosition> positions() {
        return positions;
    }

    private AppSpecProblem problem(Severity severity, SourcePosition at, String key, String message) {
        return new AppSpecProblem(severity, fileName, at.line(), at.column(), key, message);
    }

    static SourcePosition positionOf(Node node) {
        return node == null ? SourcePosition.UNKNOWN : positionOf(node.getStartMark());
    }

    static SourcePosition positionOf(Mark mark) {
        return mark == null ? SourcePosition.UNKNOWN : new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
