package dev.hoist.protocol.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input never escapes as an exception: random bytes, truncated and mutated valid
 * files and random YAML structures each produce a Result, and a refused file always says why.
 */
class AppSpecParserFuzzTest {

    private static final String VALID = """
            version: 0.0
            os: linux
            file_exists_behavior: OVERWRITE
            files:
              - source: /
                destination: /srv/app
            permissions:
              - object: /srv/app
                pattern: "*.sh"
                except: ["*.tmp"]
                mode: 0755
                acls: ["u:deploy:rwx", "d:g:ops:r-x", "m::rx"]
                type: [file]
                context:
                  type: httpd_sys_content_t
                  range: s0-s0:c0.c1023
            hooks:
              BeforeInstall:
                - location: scripts/before.sh
                  timeout: 300
                  runas: app
              ApplicationStart:
                - location: scripts/start.sh
            """;
    private static final List<String> TOKENS = List.of("version", "os", "files", "hooks", "permissions", "source",
            "destination", "location", "timeout", "runas", "mode", "acls", "object", "type", "context", "range",
            "BeforeInstall", "Install", "linux", "0.0", "0644", "-", ":", " ", "  ", "\n", "[", "]", "{", "}", ",",
            "\"", "'", "&a", "*a", "!!str", "!!int", "<<", "?", "|", ">", "#", "---", "...", "~", "\t", "%YAML 1.1",
            "/", "..", "*", "u::7", "s0", "\u0000", "\uFEFF", "\uD83D\uDE00");

    private final AppSpecParser parser = new AppSpecParser();

    @Test
    void acceptsTheValidFileItMutates() {
        assertThat(parser.parse("appspec.yml", VALID).errors()).isEmpty();
    }

    @Test
    void neverThrowsOnRandomOrMutatedInput() {
        Random random = new Random(20240601L);
        for (int i = 0; i < 6000; i++) {
            String text;
            switch (i % 4) {
                case 0:
                    text = randomBytes(random);
                    break;
                case 1:
                    text = VALID.substring(0, random.nextInt(VALID.length() + 1));
                    break;
                case 2:
                    text = mutated(random);
                    break;
                default:
                    text = randomStructure(random, 0);
                    break;
            }
            assertRefusalsExplainThemselves(text);
        }
    }

    @Test
    void survivesAliasBombsAndDeepNesting() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            String previous = String.valueOf((char) (c - 1));
            bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
        }
        assertRefusalsExplainThemselves(bomb.toString());
        assertRefusalsExplainThemselves("[".repeat(10_000));
        assertRefusalsExplainThemselves("a: ".repeat(10_000));
        assertRefusalsExplainThemselves("- ".repeat(10_000) + "x");
        assertRefusalsExplainThemselves("&a [*a]");
        assertRefusalsExplainThemselves("version: 0.0\nos: linux\nhooks: &h\n  BeforeInstall: *h\n");
    }

    private void assertRefusalsExplainThemselves(String text) {
        AppSpecParser.Result result = parser.parse("appspec.yml", text);
        assertThat(result).isNotNull();
        if (result.ok()) {
            assertThat(result.spec()).as("spec for %s", text).isNotNull();
        } else {
            assertThat(result.spec()).isNull();
            assertThat(result.errors()).allSatisfy(problem -> {
                assertThat(problem.message()).isNotBlank();
                assertThat(problem.line()).isGreaterThanOrEqualTo(0);
                assertThat(problem.message()).doesNotContain("defect in Hoist");
            });
        }
    }

    private static String randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return new String(bytes, random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static String mutated(Random random) {
        StringBuilder text = new StringBuilder(VALID);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0:
                    text.deleteCharAt(at);
                    break;
                case 1:
                    text.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                    break;
                default:
                    text.setCharAt(at, (char) random.nextInt(128));
                    break;
            }
        }
        return text.toString();
    }

    private static String randomStructure(Random random, int depth) {
        StringBuilder text = new StringBuilder();
        int entries = 1 + random.nextInt(5);
        String indent = "  ".repeat(depth);
        for (int e = 0; e < entries; e++) {
            text.append(indent);
            if (random.nextInt(3) == 0) {
                text.append("- ");
            }
            text.append(TOKENS.get(random.nextInt(TOKENS.size()))).append(": ");
            if (depth < 4 && random.nextBoolean()) {
                text.append('\n').append(randomStructure(random, depth + 1));
            } else {
                text.append(TOKENS.get(random.nextInt(TOKENS.size()))).append('\n');
            }
        }
        return text.toString();
    }
}
