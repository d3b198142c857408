package dev.hoist.protocol.appspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal of appspec.md §2 and of Hoist's own rules: each case names the key path, the line and
 * a fragment of the message the user sees.
 */
class AppSpecParserRefusalTest {

    /** Lines 1 and 2 of most cases; what follows starts on line 3. */
    private static final String HEAD = "version: 0.0\nos: linux\n";

    private final AppSpecParser parser = new AppSpecParser();

    static Stream<Arguments> refusals() {
        return Stream.of(
                // the file as a whole
                arguments("empty file", "", "", 0, "the file is empty"),
                arguments("only whitespace", "  \n\n", "", 0, "the file is empty"),
                arguments("only a comment", "# nothing here\n", "", 0, "only comments"),
                arguments("a list, not a mapping", "- version: 0.0\n", "", 1, "must be a YAML mapping"),
                arguments("a bare scalar", "hello\n", "", 1, "must be a YAML mapping"),
                arguments("syntax error", HEAD + "hooks: [unclosed\n", "", 4, "YAML syntax error"),
                arguments("bad indentation", HEAD + "files:\n  - source: /\n   destination: /srv\n", "", 5,
                        "YAML syntax error"),
                arguments("tab indentation", HEAD + "hooks:\n\tBeforeInstall:\n", "", 4, "tab character"),
                arguments("two documents", HEAD + "---\nversion: 0.0\n", "", 3, "more than one YAML document"),
                arguments("duplicate top-level key", HEAD + "os: linux\n", "os", 3, "appears twice"),
                arguments("duplicate hook", HEAD + "hooks:\n  BeforeInstall:\n  BeforeInstall:\n",
                        "hooks.BeforeInstall", 5, "first on line 4"),
                arguments("undefined alias", HEAD + "hooks: *nowhere\n", "", 3, "undefined alias"),
                arguments("merge key", HEAD + "base: &b {location: a.sh}\nhooks:\n  BeforeInstall:\n"
                        + "    - <<: *b\n", "hooks.BeforeInstall[0]", 6, "merge keys"),
                arguments("non-text key", HEAD + "[a, b]: 1\n", "", 3, "a key must be plain text"),
                arguments("NUL character", HEAD + "os2: \u0000\n", "", 3, "character YAML does not allow"),
                // version
                arguments("missing version", "os: linux\n", "version", 1, "required key is missing"),
                arguments("empty version", "version:\nos: linux\n", "version", 1, "is empty"),
                arguments("version 1.0", "version: 1.0\nos: linux\n", "version", 1,
                        "1.0 is not a supported AppSpec version"),
                arguments("version as word", "version: latest\nos: linux\n", "version", 1, "write 'version: 0.0'"),
                arguments("version string 1", "version: \"1\"\nos: linux\n", "version", 1, "\"1\" is not a supported"),
                arguments("version as list", "version: [0.0]\nos: linux\n", "version", 1, "must be text, not a list"),
                // os
                arguments("missing os", "version: 0.0\n", "os", 1, "required key is missing"),
                arguments("windows", "version: 0.0\nos: windows\n", "os", 2, "deploys to Linux hosts only"),
                arguments("Linux capitalised", "version: 0.0\nos: Linux\n", "os", 2, "write it in lower case"),
                arguments("unknown os", "version: 0.0\nos: ubuntu\n", "os", 2, "valid: linux"),
                // file_exists_behavior
                arguments("unknown file_exists_behavior", HEAD + "file_exists_behavior: REPLACE\n",
                        "file_exists_behavior", 3, "valid: DISALLOW"),
                arguments("lower-case file_exists_behavior", HEAD + "file_exists_behavior: overwrite\n",
                        "file_exists_behavior", 3, "write it in capitals: 'OVERWRITE'"),
                // files
                arguments("files not a list", HEAD + "files:\n  source: /\n", "files", 4, "must be a list"),
                arguments("files entry not a mapping", HEAD + "files:\n  - /app\n", "files[0]", 4,
                        "must be a mapping with 'source' and 'destination'"),
                arguments("file without source", HEAD + "files:\n  - destination: /srv/app\n", "files[0].source", 4,
                        "required key is missing"),
                arguments("file without destination", HEAD + "files:\n  - source: app\n", "files[0].destination", 4,
                        "required key is missing"),
                arguments("file with empty source", HEAD + "files:\n  - source:\n    destination: /srv\n",
                        "files[0].source", 4, "is empty"),
                arguments("glob source /*", HEAD + "files:\n  - source: /*\n    destination: /srv\n",
                        "files[0].source", 4, "globs are not supported in a source"),
                arguments("glob source *.jar", HEAD + "files:\n  - source: \"*.jar\"\n    destination: /srv\n",
                        "files[0].source", 4, "'source: /' to copy the whole bundle"),
                arguments("glob source **", HEAD + "files:\n  - source: lib/**\n    destination: /srv\n",
                        "files[0].source", 4, "globs are not supported"),
                arguments("source escaping the bundle", HEAD + "files:\n  - source: app/../../etc\n"
                        + "    destination: /srv\n", "files[0].source", 4, "climbs out of the bundle"),
                arguments("relative destination", HEAD + "files:\n  - source: app\n    destination: srv/app\n",
                        "files[0].destination", 5, "is not an absolute path"),
                arguments("destination escaping /", HEAD + "files:\n  - source: app\n    destination: /../etc\n",
                        "files[1 - 1].destination".replace("1 - 1", "0"), 5, "climbs above '/'"),
                arguments("second entry refused", HEAD + "files:\n  - source: a\n    destination: /a\n"
                        + "  - source: b\n", "files[1].destination", 6, "required key is missing"),
                // permissions
                arguments("permissions not a list", HEAD + "permissions:\n  object: /srv\n", "permissions", 4,
                        "must be a list"),
                arguments("permission without object", HEAD + "permissions:\n  - mode: 644\n",
                        "permissions[0].object", 4, "required key is missing"),
                arguments("relative object", HEAD + "permissions:\n  - object: srv/app\n", "permissions[0].object",
                        4, "is not an absolute path"),
                arguments("bad type", HEAD + "permissions:\n  - object: /srv\n    type: [file, socket]\n",
                        "permissions[0].type[1]", 5, "socket is not an object type"),
                arguments("type not a list", HEAD + "permissions:\n  - object: /srv\n    type: file\n",
                        "permissions[0].type", 5, "must be a list"),
                arguments("permissions with windows", "version: 0.0\nos: windows\npermissions:\n  - object: /srv\n",
                        "permissions", 4, "not supported with 'os: windows'"),
                arguments("mode with five digits", HEAD + "permissions:\n  - object: /srv\n    mode: 07555\n",
                        "permissions[0].mode", 5, "more than four digits"),
                arguments("mode with 8", HEAD + "permissions:\n  - object: /srv\n    mode: 0648\n",
                        "permissions[0].mode", 5, "'8', which is not an octal digit"),
                arguments("mode as words", HEAD + "permissions:\n  - object: /srv\n    mode: rw-r--r--\n",
                        "permissions[0].mode", 5, "not an octal digit"),
                arguments("mode as empty string", HEAD + "permissions:\n  - object: /srv\n    mode: \"\"\n",
                        "permissions[0].mode", 5, "is empty"),
                arguments("malformed acl", HEAD + "permissions:\n  - object: /srv\n    acls: [\"x:deploy:rwx\"]\n",
                        "permissions[0].acls[0]", 5, "is not a valid ACL entry"),
                arguments("acl with one part", HEAD + "permissions:\n  - object: /srv\n    acls: [deploy]\n",
                        "permissions[0].acls[0]", 5, "is not a valid ACL entry"),
                arguments("acl with five parts", HEAD + "permissions:\n  - object: /srv\n    acls: [\"d:u:a:b:rwx\"]\n",
                        "permissions[0].acls[0]", 5, "is not a valid ACL entry"),
                arguments("acl named mask", HEAD + "permissions:\n  - object: /srv\n    acls: [\"m:deploy:rx\"]\n",
                        "permissions[0].acls[0]", 5, "is not a valid ACL entry"),
                arguments("acl bad permission letter", HEAD + "permissions:\n  - object: /srv\n"
                        + "    acls: [\"u:deploy:rwz\"]\n", "permissions[0].acls[0]", 5, "invalid permissions 'rwz'"),
                arguments("acl base entry u::7", HEAD + "permissions:\n  - object: /srv\n    acls: [\"u::7\"]\n",
                        "permissions[0].acls[0]", 5, "base entry"),
                arguments("acl base entry u::rwx", HEAD + "permissions:\n  - object: /srv\n    acls: [\"u::rwx\"]\n",
                        "permissions[0].acls[0]", 5, "which 'mode' sets"),
                arguments("acl base entry g::r", HEAD + "permissions:\n  - object: /srv\n    acls: [\"g::r\"]\n",
                        "permissions[0].acls[0]", 5, "base entry"),
                arguments("acl base entry o::r", HEAD + "permissions:\n  - object: /srv\n    acls: [\"o::r\"]\n",
                        "permissions[0].acls[0]", 5, "base entry"),
                arguments("acls not a list", HEAD + "permissions:\n  - object: /srv\n    acls: \"u:deploy:rwx\"\n",
                        "permissions[0].acls", 5, "must be a list"),
                arguments("context without type", HEAD + "permissions:\n  - object: /srv\n    context:\n"
                        + "      name: system_u\n", "permissions[0].context.type", 6, "required key is missing"),
                arguments("context with bad range", HEAD + "permissions:\n  - object: /srv\n    context:\n"
                        + "      type: httpd_sys_content_t\n      range: x0\n", "permissions[0].context.range", 7,
                        "invalid sensitivity"),
                arguments("context range backwards", HEAD + "permissions:\n  - object: /srv\n    context:\n"
                        + "      type: t\n      range: s3-s1\n", "permissions[0].context.range", 7,
                        "below the low one"),
                arguments("context category too high", HEAD + "permissions:\n  - object: /srv\n    context:\n"
                        + "      type: t\n      range: s0:c1024\n", "permissions[0].context.range", 7,
                        "invalid category"),
                arguments("context category twice", HEAD + "permissions:\n  - object: /srv\n    context:\n"
                        + "      type: t\n      range: s0:c1,c0.c3\n", "permissions[0].context.range", 7,
                        "category twice"),
                arguments("pattern with slash", HEAD + "permissions:\n  - object: /srv\n    pattern: \"bin/*\"\n",
                        "permissions[0].pattern", 5, "contains '/'"),
                arguments("pattern with ?", HEAD + "permissions:\n  - object: /srv\n    pattern: \"a?.sh\"\n",
                        "permissions[0].pattern", 5, "only '*' is supported"),
                arguments("except with **x", HEAD + "permissions:\n  - object: /srv\n    except: [\"**.tmp\"]\n",
                        "permissions[0].except[0]", 5, "'**' alone"),
                arguments("owner starting with -", HEAD + "permissions:\n  - object: /srv\n    owner: \"-r\"\n",
                        "permissions[0].owner", 5, "not a valid user name"),
                // hooks
                arguments("hooks not a mapping", HEAD + "hooks:\n  - location: a.sh\n", "hooks", 4,
                        "must be a mapping of lifecycle event names"),
                arguments("script without location", HEAD + "hooks:\n  BeforeInstall:\n    - timeout: 30\n",
                        "hooks.BeforeInstall[0].location", 5, "required key is missing"),
                arguments("script with empty location", HEAD + "hooks:\n  BeforeInstall:\n    - location:\n",
                        "hooks.BeforeInstall[0].location", 5, "is empty"),
                arguments("location is the bundle root", HEAD + "hooks:\n  BeforeInstall:\n    - location: /\n",
                        "hooks.BeforeInstall[0].location", 5, "names the bundle root"),
                arguments("location escaping", HEAD + "hooks:\n  BeforeInstall:\n    - location: ../x.sh\n",
                        "hooks.BeforeInstall[0].location", 5, "climbs out of the bundle"),
                arguments("location glob", HEAD + "hooks:\n  BeforeInstall:\n    - location: scripts/*.sh\n",
                        "hooks.BeforeInstall[0].location", 5, "globs are not"),
                arguments("scripts not a list", HEAD + "hooks:\n  BeforeInstall:\n    location: a.sh\n",
                        "hooks.BeforeInstall", 5, "must be a list of scripts"),
                arguments("script entry a string", HEAD + "hooks:\n  BeforeInstall:\n    - a.sh\n",
                        "hooks.BeforeInstall[0]", 5, "must be a mapping such as '- location:"),
                arguments("timeout 0", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n      timeout: 0\n",
                        "hooks.BeforeInstall[0].timeout", 6, "0 is not a positive whole number of seconds"),
                arguments("negative timeout", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "      timeout: -5\n", "hooks.BeforeInstall[0].timeout", 6, "-5 is not a positive"),
                arguments("fractional timeout", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "      timeout: 1.5\n", "hooks.BeforeInstall[0].timeout", 6, "1.5 is not a whole number"),
                arguments("timeout 5m", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "      timeout: \"5m\"\n", "hooks.BeforeInstall[0].timeout", 6, "the default is 3600"),
                arguments("huge timeout", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "      timeout: 99999999999999999999\n", "hooks.BeforeInstall[0].timeout", 6, "far too large"),
                arguments("timeout as list", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "      timeout: [1]\n", "hooks.BeforeInstall[0].timeout", 6, "a list is not a whole number"),
                arguments("empty runas", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "      runas: \"\"\n", "hooks.BeforeInstall[0].runas", 6, "is empty"),
                arguments("runas with a space", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "      runas: app user\n", "hooks.BeforeInstall[0].runas", 6, "not a valid user name"),
                arguments("hook name with a space", HEAD + "hooks:\n  Before Install:\n", "hooks.Before Install", 4,
                        "did you mean 'BeforeInstall'"),
                arguments("hook name camel case", HEAD + "hooks:\n  beforeInstall:\n", "hooks.beforeInstall", 4,
                        "did you mean 'BeforeInstall'? Event names are case-sensitive"),
                arguments("hook name misspelt", HEAD + "hooks:\n  BeforeInstal:\n", "hooks.BeforeInstal", 4,
                        "did you mean 'BeforeInstall'"),
                arguments("hook name with underscore", HEAD + "hooks:\n  application_start:\n",
                        "hooks.application_start", 4, "did you mean 'ApplicationStart'"),
                arguments("hook name nowhere near", HEAD + "hooks:\n  Deploy:\n", "hooks.Deploy", 4,
                        "valid: BeforeBlockTraffic"),
                arguments("script setting at event level", HEAD + "hooks:\n  BeforeInstall:\n    - location: a.sh\n"
                        + "  timeout: 30\n", "hooks.timeout", 6, "indent it under its '- location:' entry"),
                arguments("alias bomb", "a: &a [x, x]\nb: &b [" + "*a, ".repeat(30) + "*a]\n", "", 0,
                        "more than 20 aliases"),
                arguments("deep nesting", "[".repeat(100), "", 0, "more than 20 levels deep"),
                arguments("Install is Hoist's step", HEAD + "hooks:\n  Install:\n    - location: a.sh\n",
                        "hooks.Install", 4, "Hoist's own step"),
                arguments("DownloadBundle is Hoist's step", HEAD + "hooks:\n  DownloadBundle:\n",
                        "hooks.DownloadBundle", 4, "Hoist's own step"),
                arguments("BlockTraffic is Hoist's step", HEAD + "hooks:\n  BlockTraffic:\n", "hooks.BlockTraffic", 4,
                        "BeforeBlockTraffic or AfterBlockTraffic"),
                arguments("allow traffic misspelt as own step", HEAD + "hooks:\n  allow_traffic:\n",
                        "hooks.allow_traffic", 4, "AllowTraffic is Hoist's own step"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String description, String yaml, String key, int line, String fragment) {
        AppSpecParser.Result result = parser.parse("appspec.yml", yaml);

        assertThat(result.ok()).as("refused").isFalse();
        assertThat(result.spec()).isNull();
        assertThat(result.errors())
                .as("errors of %s", description)
                .anySatisfy(problem -> {
                    assertThat(problem.severity()).isEqualTo(AppSpecProblem.Severity.ERROR);
                    assertThat(problem.file()).isEqualTo("appspec.yml");
                    assertThat(problem.key()).isEqualTo(key);
                    assertThat(problem.line()).isEqualTo(line);
                    assertThat(problem.message()).contains(fragment);
                });
    }
}
