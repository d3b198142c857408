package dev.hoist.controller.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that run a Debian program (a browser, HAProxy) require it the same way: in CI ({@code CI=true},
 * where .ci/run installs every such program) a missing one fails the run; elsewhere those tests are
 * skipped with what to install, so the README's test command works on a machine with only Java and Maven.
 */
public final class DebianPrograms {
    private DebianPrograms() {
    }

    /**
     * @param present whether the program's files are installed
     * @param install what is needed and how to install it, e.g. "Debian's haproxy at … (apt-get install haproxy)"
     * @param tests which tests are skipped without it, e.g. "load balancer tests"
     */
    public static void require(boolean present, String install, String tests) {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as(install).isTrue();
        } else {
            Assumptions.assumeTrue(present, tests + " skipped: they need " + install);
        }
    }
}
