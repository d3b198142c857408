package dev.hoist.protocol.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks made after parsing: against the bundle's contents and the group's timeout limit. */
class AppSpecBundleCheckTest {

    private static final Set<String> BUNDLE = Set.of("appspec.yml", "scripts", "scripts/start.sh",
            "scripts/Stop.sh", "site", "site/index.html", "site/css/main.css", "conf/app.conf");

    private final AppSpecParser parser = new AppSpecParser();

    private AppSpec parsed(String body) {
        AppSpecParser.Result result = parser.parse("appspec.yml", "version: 0.0\nos: linux\n" + body);
        assertThat(result.errors()).isEmpty();
        return result.spec();
    }

    @Test
    void acceptsWhatTheBundleHolds() {
        AppSpec spec = parsed("files:\n  - source: /\n    destination: /srv\n  - source: /site/css\n"
                + "    destination: /srv/css\n  - source: conf/app.conf\n    destination: /etc/app\n"
                + "hooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n");
        assertThat(parser.checkAgainstBundle("appspec.yml", spec, BUNDLE)).isEmpty();
    }

    @Test
    void refusesAMissingSourceWithItsPosition() {
        AppSpec spec = parsed("files:\n  - source: /web\n    destination: /srv\n");
        List<AppSpecProblem> problems = parser.checkAgainstBundle("appspec.yml", spec, BUNDLE);
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("files[0].source");
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.column()).isEqualTo(13);
            assertThat(problem.message()).contains("'web' is not in the bundle");
        });
    }

    @Test
    void suggestsTheRightCaseForANearMiss() {
        AppSpec spec = parsed("hooks:\n  ApplicationStop:\n    - location: scripts/stop.sh\n");
        assertThat(parser.checkAgainstBundle("appspec.yml", spec, BUNDLE)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("hooks.ApplicationStop[0].location");
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.message()).contains("script 'scripts/stop.sh' is not in the bundle",
                    "case-sensitive; the bundle has 'scripts/Stop.sh'");
        });
    }

    @Test
    void suggestsASiblingForATypo() {
        AppSpec spec = parsed("hooks:\n  ApplicationStart:\n    - location: scripts/strat.sh\n");
        assertThat(parser.checkAgainstBundle("appspec.yml", spec, BUNDLE)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("did you mean 'scripts/start.sh'"));
    }

    @Test
    void refusesAHookLocationThatIsADirectory() {
        AppSpec spec = parsed("hooks:\n  BeforeInstall:\n    - location: site/css\n");
        assertThat(parser.checkAgainstBundle("appspec.yml", spec, BUNDLE)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("hooks.BeforeInstall[0].location");
            assertThat(problem.message()).contains("is a directory of the bundle, not a script");
        });
    }

    @Test
    void reportsEveryMissingPathWithoutPositionsForASpecBuiltInCode() {
        AppSpec spec = new AppSpec("linux", null, List.of(new FileMapping("missing", "/srv")), List.of(),
                Map.of(LifecycleEvent.AFTER_INSTALL, List.of(new HookScript("nope.sh", HookScript.DEFAULT_TIMEOUT, null))));
        assertThat(parser.checkAgainstBundle("appspec.yml", spec, BUNDLE))
                .extracting(AppSpecProblem::key, AppSpecProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("files[0].source", 0),
                        org.assertj.core.groups.Tuple.tuple("hooks.AfterInstall[0].location", 0));
    }

    @Test
    void refusesAnEventWhoseTimeoutsAddUpBeyondTheLimit() {
        AppSpec spec = parsed("hooks:\n  BeforeInstall:\n    - location: a.sh\n      timeout: 600\n"
                + "    - location: b.sh\n  AfterInstall:\n    - location: c.sh\n      timeout: 60\n");
        List<AppSpecProblem> problems = parser.checkTimeoutLimit("appspec.yml", spec, Duration.ofHours(1));
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("hooks.BeforeInstall");
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.message()).contains("add up to 4200 s", "limit of 3600 s");
        });
        assertThat(parser.checkTimeoutLimit("appspec.yml", spec, Duration.ofSeconds(4200))).isEmpty();
    }

    @Test
    void findsAppSpecYmlBeforeAppSpecYaml() {
        assertThat(AppSpecParser.findAppSpecFile(Set.of("appspec.yaml", "appspec.yml"))).contains("appspec.yml");
        assertThat(AppSpecParser.findAppSpecFile(Set.of("appspec.yaml", "README"))).contains("appspec.yaml");
        assertThat(AppSpecParser.findAppSpecFile(Set.of("AppSpec.yml", "README"))).isEqualTo(Optional.empty());
    }
}
