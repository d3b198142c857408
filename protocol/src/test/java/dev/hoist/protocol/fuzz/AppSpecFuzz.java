package dev.hoist.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.protocol.appspec.AppSpecParser;
import dev.hoist.protocol.appspec.AppSpecProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The AppSpec parser (the agent's and the push's) on YAML built from AppSpec's own grammar with hostile
 * values in every place: wrong kinds, aliases and merge keys, tags, huge and odd numbers, control and
 * bidi characters, traversal paths, deep nesting, and byte mutations of the kept files.
 *
 * <p>Every input gives a result, never an exception: a spec with no errors, or no spec and errors that
 * each say what is wrong and where (a line within the file); no message calls itself a defect.
 */
public final class AppSpecFuzz implements FuzzTarget<String> {
    private static final List<String> EVENTS = List.of("ApplicationStop", "BeforeInstall", "AfterInstall",
            "ApplicationStart", "ValidateService", "Install", "DownloadBundle", "BeforeBlockTraffic", "Nope");
    private final AppSpecParser parser = new AppSpecParser();

    @Override
    public String name() {
        return "appspec";
    }

    @Override
    public Arbitrary<String> inputs() {
        Arbitrary<String> kept = Mutations.of(Mutations.seeds(Corpus.load(name()),
                "version: 0.0\nos: linux\n".getBytes(StandardCharsets.UTF_8)))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(6, document()), Tuple.of(3, kept),
                Tuple.of(1, Mutations.of(document().map(text -> text.getBytes(StandardCharsets.UTF_8)))
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))));
    }

    @Override
    public void check(String text) {
        AppSpecParser.Result result = parser.parse("appspec.yml", text);
        assertThat(result).isNotNull();
        long lines = text.lines().count() + 2;
        if (result.ok()) {
            assertThat(result.spec()).isNotNull();
            assertThat(result.errors()).isEmpty();
        } else {
            assertThat(result.spec()).isNull();
            assertThat(result.errors()).isNotEmpty();
        }
        for (AppSpecProblem problem : concat(result.errors(), result.warnings())) {
            assertThat(problem.message()).isNotBlank().doesNotContain("defect in Hoist");
            assertThat(problem.line()).isBetween(0, (int) Math.min(Integer.MAX_VALUE, lines));
        }
    }

    @Override
    public byte[] describe(String input) {
        return input.getBytes(StandardCharsets.UTF_8);
    }

    private static List<AppSpecProblem> concat(List<AppSpecProblem> a, List<AppSpecProblem> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Arbitrary<String> document() {
        return Combinators.combine(
                value(Arbitraries.of("0.0", "0", "0.00", "1.0", "\"0.0\"", "0.0e0", "!!str 0.0", "[0.0]")),
                value(Arbitraries.of("linux", "windows", "Linux", "\"linux\"", "~", "{}")),
                value(Arbitraries.of("OVERWRITE", "RETAIN", "DISALLOW", "overwrite", "OOPS", "[]")),
                files(), permissions(), hooks(), extra())
                .as((version, os, behaviour, files, permissions, hooks, extra) -> "version: " + version + "\nos: " + os
                        + "\nfile_exists_behavior: " + behaviour + "\n" + files + permissions + hooks + extra);
    }

    private static Arbitrary<String> files() {
        Arbitrary<String> entry = Combinators.combine(path(), path())
                .as((source, destination) -> "  - source: " + source + "\n    destination: " + destination + "\n");
        return entry.list().ofMaxSize(4).map(list -> list.isEmpty() ? "" : "files:\n" + String.join("", list));
    }

    private static Arbitrary<String> permissions() {
        Arbitrary<String> entry = Combinators.combine(path(),
                value(Arbitraries.of("0755", "644", "7777", "0o755", "-1", "99999999999999999999", "rwx", "0x1ff")),
                value(Arbitraries.of("[file]", "[directory]", "[file, directory]", "file", "[socket]", "[]")),
                value(Arbitraries.of("[\"u:deploy:rwx\"]", "[\"d:g:ops:r-x\"]", "[\"m::rx\"]", "[\"u::7\"]",
                        "[\"x:y:z:w\"]", "\"u:a:rwx\"")),
                value(Arbitraries.of("app", "root", "\"\"", "0", "-", "a".repeat(300), "us\u0000er")))
                .as((object, mode, type, acls, owner) -> "  - object: " + object + "\n    mode: " + mode
                        + "\n    type: " + type + "\n    acls: " + acls + "\n    owner: " + owner
                        + "\n    pattern: \"*.sh\"\n");
        return entry.list().ofMaxSize(3).map(list -> list.isEmpty() ? "" : "permissions:\n" + String.join("", list));
    }

    private static Arbitrary<String> hooks() {
        Arbitrary<String> script = Combinators.combine(path(),
                value(Arbitraries.of("300", "0", "-5", "3601", "1e9", "99999999999999999999999", "\"60\"", "ten")),
                value(Arbitraries.of("app", "root", "~", "[a]", "\"\"", "a b")))
                .as((location, timeout, runas) -> "    - location: " + location + "\n      timeout: " + timeout
                        + "\n      runas: " + runas + "\n");
        Arbitrary<String> event = Combinators.combine(Arbitraries.of(EVENTS), script.list().ofMinSize(0).ofMaxSize(3))
                .as((name, scripts) -> "  " + name + ":\n" + String.join("", scripts));
        return event.list().ofMaxSize(4).map(list -> list.isEmpty() ? "" : "hooks:\n" + String.join("", list));
    }

    private static Arbitrary<String> extra() {
        return Arbitraries.of("", "colour: red\n", "hooks: &h\n  BeforeInstall: *h\n", "<<: {version: 1.0}\n",
                "version: 0.0\n", "files: !!binary aGVsbG8=\n", "? [a, b]\n: c\n", "--- \n...\n",
                "hooks: " + "[".repeat(200) + "\n", "files: [" + "{a: ".repeat(60) + "\n",
                "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\n",
                "%YAML 1.1\n", "\t\n", "\uFEFF\n", "!!java.lang.Object {}\n");
    }

    private static Arbitrary<String> path() {
        return value(Arbitraries.oneOf(
                Arbitraries.of("/", "scripts/start.sh", "/srv/app", "../../etc/passwd", "/srv/../etc", "./a",
                        "a/../../b", "C:\\\\Windows", "/srv/app/", "//srv", "\"/srv/ app\"", "'/srv/a''b'", "~",
                        "\"\\u0000\"", "\"\\u202e\"", "\"\\e[2J\"", "[/srv]", "{a: b}", "/" + "a".repeat(300),
                        "\"" + "x/".repeat(2000) + "\"", "*.sh", "!!int 5"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\"")));
    }

    /** A value as written, or now and then a value of a wrong kind. */
    private static Arbitrary<String> value(Arbitrary<String> usual) {
        return Arbitraries.frequencyOf(Tuple.of(10, usual),
                Tuple.of(1, Arbitraries.of("~", "[]", "{}", "42", "true", "-0.0", ".nan", "[1, [2]]", "\"\"")));
    }
}
