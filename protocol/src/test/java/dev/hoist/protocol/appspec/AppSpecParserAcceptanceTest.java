package dev.hoist.protocol.appspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.hoist.protocol.appspec.PermissionRule.ObjectType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the parser accepts, and what it makes of it: the edge cases of appspec.md §2. */
class AppSpecParserAcceptanceTest {

    private static final String HEAD = "version: 0.0\nos: linux\n";

    private final AppSpecParser parser = new AppSpecParser();

    private AppSpec accepted(String yaml) {
        AppSpecParser.Result result = parser.parse("appspec.yml", yaml);
        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.ok()).isTrue();
        return result.spec();
    }

    @Test
    void readsTheFullExampleOfTheSpec() {
        AppSpec spec = accepted(HEAD + """
                file_exists_behavior: OVERWRITE
                files:
                  - source: /
                    destination: /srv/app
                permissions:
                  - object: /srv/app
                    pattern: "**"
                    except: ["*.tmp"]
                    owner: app
                    group: app
                    mode: 0644
                    acls: ["u:deploy:rwx"]
                    type: [file, directory]
                hooks:
                  ApplicationStop:
                    - location: scripts/stop.sh
                      timeout: 300
                      runas: app
                """);

        assertThat(spec.os()).isEqualTo("linux");
        assertThat(spec.fileExistsBehavior()).isEqualTo(FileExistsBehavior.OVERWRITE);
        assertThat(spec.files()).containsExactly(new FileMapping("", "/srv/app"));
        assertThat(spec.permissions()).containsExactly(new PermissionRule("/srv/app", "**", List.of("*.tmp"), "app",
                "app", 0644, List.of("user:deploy:rwx"), Set.of(ObjectType.FILE, ObjectType.DIRECTORY), null));
        assertThat(spec.scriptsFor(LifecycleEvent.APPLICATION_STOP))
                .containsExactly(new HookScript("scripts/stop.sh", Duration.ofSeconds(300), "app"));
        assertThat(spec.positionOf("hooks.ApplicationStop[0].location")).isEqualTo(new SourcePosition(18, 17));
        assertThat(spec.positionOf("files[0].source")).isEqualTo(new SourcePosition(5, 13));
    }

    static Stream<Arguments> versions() {
        return Stream.of(arguments("version: 0.0"), arguments("version: \"0.0\""), arguments("version: '0.0'"),
                arguments("version: 0"), arguments("version: 0.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void acceptsVersionZeroAsNumberOrString(String versionLine) {
        assertThat(accepted(versionLine + "\nos: linux\n").os()).isEqualTo("linux");
    }

    static Stream<Arguments> modes() {
        return Stream.of(
                arguments("0644", 0644), arguments("644", 0644), arguments("\"0644\"", 0644),
                arguments("'644'", 0644), arguments("0750", 0750), arguments("4755", 04755),
                arguments("755", 0755), arguments("7", 07), arguments("0777", 0777));
    }

    @ParameterizedTest(name = "mode: {0}")
    @MethodSource("modes")
    void readsModeAsTheDigitsWritten(String written, int bits) {
        AppSpec spec = accepted(HEAD + "permissions:\n  - object: /srv\n    mode: " + written + "\n");
        assertThat(spec.permissions().get(0).mode()).isEqualTo(bits);
    }

    @Test
    void eventWithNothingToRunMapsToAnEmptyList() {
        AppSpec spec = accepted(HEAD + "hooks:\n  BeforeInstall:\n  AfterInstall: []\n");
        assertThat(spec.hooks()).containsOnlyKeys(LifecycleEvent.BEFORE_INSTALL, LifecycleEvent.AFTER_INSTALL);
        assertThat(spec.scriptsFor(LifecycleEvent.BEFORE_INSTALL)).isEmpty();
        assertThat(spec.scriptsFor(LifecycleEvent.AFTER_INSTALL)).isEmpty();
    }

    @Test
    void keepsSeveralScriptsPerEventInOrder() {
        AppSpec spec = accepted(HEAD + """
                hooks:
                  AfterInstall:
                    - location: scripts/one.sh
                    - location: /scripts/two.sh
                      timeout: "60"
                    - location: ./scripts/three.sh
                      runas: deploy
                """);
        assertThat(spec.scriptsFor(LifecycleEvent.AFTER_INSTALL)).containsExactly(
                new HookScript("scripts/one.sh", HookScript.DEFAULT_TIMEOUT, null),
                new HookScript("scripts/two.sh", Duration.ofSeconds(60), null),
                new HookScript("scripts/three.sh", HookScript.DEFAULT_TIMEOUT, "deploy"));
    }

    @Test
    void defaultTimeoutIsAnHour() {
        AppSpec spec = accepted(HEAD + "hooks:\n  ValidateService:\n    - location: v.sh\n      timeout:\n");
        assertThat(spec.scriptsFor(LifecycleEvent.VALIDATE_SERVICE).get(0).timeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void warnsAboutUnknownKeysAndSuggestsTheNearOne() {
        AppSpecParser.Result result = parser.parse("appspec.yml", HEAD + "Hooks:\n  BeforeInstall:\n"
                + "files:\n  - source: /\n    destination: /srv\n    mode: 644\n");
        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).extracting(AppSpecProblem::key, AppSpecProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Hooks", 3),
                        org.assertj.core.groups.Tuple.tuple("files[0].mode", 8));
        assertThat(result.warnings().get(0).message()).contains("unknown key 'Hooks' is ignored",
                "did you mean 'hooks'");
        assertThat(result.warnings().get(0).severity()).isEqualTo(AppSpecProblem.Severity.WARNING);
    }

    static Stream<Arguments> sources() {
        return Stream.of(arguments("/", ""), arguments("/site", "site"), arguments("site/", "site"),
                arguments("conf/app.conf", "conf/app.conf"), arguments("./a/./b", "a/b"), arguments("a/x/../b", "a/b"));
    }

    @ParameterizedTest(name = "source: {0}")
    @MethodSource("sources")
    void normalisesSourcesRelativeToTheBundleRoot(String written, String normalised) {
        AppSpec spec = accepted(HEAD + "files:\n  - source: " + written + "\n    destination: /srv/app/\n");
        assertThat(spec.files()).containsExactly(new FileMapping(normalised, "/srv/app"));
    }

    static Stream<Arguments> acls() {
        return Stream.of(
                arguments("u:deploy:rwx", "user:deploy:rwx"), arguments("g:ops:r-x", "group:ops:r-x"),
                arguments("d:u:deploy:rwx", "default:user:deploy:rwx"), arguments("m::rx", "mask::r-x"),
                arguments("deploy:7", "user:deploy:rwx"), arguments("user:deploy:5", "user:deploy:r-x"),
                arguments("d:g::r", "default:group::r--"), arguments("default:o::r", "default:other::r--"),
                arguments("group:ops:w", "group:ops:-w-"));
    }

    @ParameterizedTest(name = "acl {0}")
    @MethodSource("acls")
    void acceptsAclEntriesInTheFormSetfaclTakes(String written, String normalised) {
        AppSpec spec = accepted(HEAD + "permissions:\n  - object: /srv\n    acls: [\"" + written + "\"]\n");
        assertThat(spec.permissions().get(0).acls()).containsExactly(normalised);
    }

    @Test
    void readsPermissionDefaultsAndSeLinuxContext() {
        AppSpec spec = accepted(HEAD + """
                permissions:
                  - object: /srv/app
                    pattern: "*.sh"
                    type:
                      - file
                    context:
                      name: system_u
                      type: httpd_sys_content_t
                      range: s0-s0:c0.c1023
                  - object: /var/www
                """);
        PermissionRule first = spec.permissions().get(0);
        assertThat(first.pattern()).isEqualTo("*.sh");
        assertThat(first.types()).containsExactly(ObjectType.FILE);
        assertThat(first.context()).isEqualTo(
                new PermissionRule.SeLinuxContext("system_u", null, "httpd_sys_content_t", "s0-s0:c0.c1023"));
        PermissionRule second = spec.permissions().get(1);
        assertThat(second.pattern()).isEqualTo("**");
        assertThat(second.types()).containsExactlyInAnyOrder(ObjectType.FILE, ObjectType.DIRECTORY);
        assertThat(second.mode()).isNull();
        assertThat(second.except()).isEmpty();
        assertThat(second.acls()).isEmpty();
    }

    @Test
    void collectsEveryErrorRatherThanTheFirst() {
        AppSpecParser.Result result = parser.parse("appspec.yml", "version: 1\nos: win\nhooks:\n"
                + "  BeforeInstall:\n    - timeout: 0\n");
        assertThat(result.errors()).extracting(AppSpecProblem::key).containsExactly("version", "os",
                "hooks.BeforeInstall[0].location", "hooks.BeforeInstall[0].timeout");
    }

    @Test
    void printsProblemsAsFileLineColumnKeyMessage() {
        AppSpecProblem problem = parser.parse("bundle/appspec.yml",
                HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n      timeout: 0\n").errors().get(0);
        assertThat(problem).hasToString("bundle/appspec.yml:6:16: hooks.BeforeInstall[0].timeout: 0 is not a"
                + " positive whole number of seconds; write e.g. 'timeout: 300' (seconds; the default is 3600)");
    }

    @Test
    void refusesTagsThatNameJavaClassesAndReadsStandardTagsAsText() {
        AppSpecParser.Result hostile = parser.parse("appspec.yml", HEAD
                + "x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]\n");
        assertThat(hostile.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).contains("javax.script.ScriptEngineManager is not allowed");
        });

        AppSpecParser.Result tagged = parser.parse("appspec.yml", HEAD
                + "hooks:\n  BeforeInstall:\n    - location: !!str a.sh\n      timeout: !!int 30\n");
        assertThat(tagged.errors()).isEmpty();
        assertThat(tagged.spec().scriptsFor(LifecycleEvent.BEFORE_INSTALL))
                .containsExactly(new HookScript("a.sh", Duration.ofSeconds(30), null));
    }

    @Test
    void readsTheConformanceCasesAppSpecs() {
        AppSpec spec = accepted("""
                version: 0.0
                os: linux
                files:
                  - source: /app
                    destination: /tmp/root/srv/tool
                permissions:
                  - object: /tmp/root/srv/tool
                    pattern: "*.sh"
                    mode: 0750
                    type:
                      - file
                """);
        assertThat(spec.permissions().get(0).mode()).isEqualTo(0750);
        assertThat(spec.files()).containsExactly(new FileMapping("app", "/tmp/root/srv/tool"));
    }
}
