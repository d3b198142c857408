package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The ops console in real browsers (Debian's headless chromium; a representative part also in Debian's
 * Firefox ESR over WebDriver BiDi) against a real controller and a real agent: sign in, deploy the
 * hello-web sample from the Applications page and watch it succeed live, read a host's output, find a
 * failure's event, class, output and rollback, hook output full of markup shown as text, a viewer
 * without deploy or revoke buttons (and refused when it calls anyway), a mutating call without the
 * CSRF token refused, a dropped stream that resumes with Last-Event-ID and catches up without reading
 * the page again, the Fleet page following agents live, and 5,000 agents a page at a time. The
 * browsers reach the controller through a relay that can cut their streams. Screenshots of each page
 * go to {@code controller/target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Duration DEPLOY = Duration.ofMinutes(3);

    private Path work;
    private HoistCluster cluster;
    private ConsoleBrowser browser;
    private StreamCuttingProxy proxy;
    private final Path screenshots = HoistProcesses.projectRoot().resolve("controller/target/console-screenshots");
    private String adminToken;
    private Path sandbox;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        ConsoleBrowser.requireBrowser();
        work = tempDir;
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(List.of("web-1"), "role=web");
        adminToken = Files.readString(cluster.dataDir().resolve("admin.token")).trim();
        sandbox = work.resolve("sandbox");
        port = HoistProcesses.freePort();
        // The browser reaches the controller through a relay that can cut its live streams.
        proxy = new StreamCuttingProxy(URI.create(cluster.apiUrl()).getPort());
        browser = new ConsoleBrowser(proxy.url(), work.resolve("chromium-profile"), screenshots);
        assertSucceeded(cluster.cli("app", "create", "hello-web"));
        assertSucceeded(cluster.cli("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web",
                "--auto-rollback"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        Path pidFile = sandbox == null ? null : sandbox.resolve("hello-web/run/hello-web.pid");
        if (pidFile != null && Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroy);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void anAdminSignsInSeesTheAgentAndDeploysTheSampleLiveThenFollowsItsFailingVariantToTheRollback()
            throws Exception {
        String good = push(prepare("good"));
        browser.signIn(adminToken);

        browser.open("/fleet");
        WebElement agentRow = browser.waitFor(By.cssSelector("tr[data-agent]"));
        assertThat(agentRow.getText()).contains("Connected").contains("name=web-1").contains("role=web");
        browser.screenshot("fleet");
        browser.driver().findElement(By.id("create-join-token")).click();
        browser.waitFor(By.id("jt-tags")).sendKeys("env=test");
        browser.driver().findElement(By.id("jt-create")).click();
        browser.waitForText(By.id("join-token"), "hoist-agent enroll --controller");
        assertThat(browser.driver().findElement(By.id("join-token")).getText()).contains("--ca-pin sha256:");
        browser.screenshot("fleet-join-token");

        // Deploy from the Applications page; from here on the page is never reloaded.
        browser.open("/applications/hello-web");
        browser.waitFor(By.id("deploy-form"));
        browser.screenshot("application");
        browser.driver().executeScript("window.__sameDocument = true;");
        new Select(browser.driver().findElement(By.id("d-group"))).selectByValue("web");
        new Select(browser.driver().findElement(By.id("d-revision"))).selectByValue(good);
        browser.driver().findElement(By.id("d-submit")).click();
        browser.waitFor(By.id("deployment-head"));
        await("the deployment reaches Succeeded on the page").atMost(DEPLOY).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> statusOnPage().equals("Succeeded"));
        assertThat(browser.driver().executeScript("return window.__sameDocument === true;"))
                .as("reached Succeeded through the live stream, without a reload").isEqualTo(true);
        WebElement host = browser.waitFor(By.cssSelector("article.host"));
        assertThat(host.getText()).contains("web-1").contains("ApplicationStart").contains("Succeeded");
        host.findElement(By.cssSelector("button.show-log")).click();
        browser.waitForText(By.id("log"), "started hello-web");
        browser.screenshot("deployment-succeeded");

        // The failing variant, deployed the same way: the failing event, its class, its output, its rollback.
        push(prepare("bad", "--fail-validate"));
        browser.open("/applications/hello-web");
        browser.waitFor(By.id("deploy-form"));
        browser.driver().findElement(By.id("d-submit")).click();
        browser.waitFor(By.id("deployment-head"));
        await("the failing deployment reaches Failed").atMost(DEPLOY).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> statusOnPage().equals("Failed"));
        WebElement failedHost = browser.waitFor(By.cssSelector("article.host-failed"));
        WebElement failedEvent = failedHost.findElement(By.cssSelector("li.event-failed"));
        assertThat(failedEvent.getAttribute("data-event")).isEqualTo("ValidateService");
        assertThat(failedEvent.findElement(By.cssSelector(".failure-class")).getText()).isNotBlank()
                .isEqualTo(failedEvent.findElement(By.cssSelector(".failure-class")).getText().toUpperCase());
        failedHost.findElement(By.cssSelector("button.show-log")).click();
        browser.waitForText(By.id("log"), "failing ValidateService on purpose");
        WebElement rollbackLink = browser.waitFor(By.cssSelector("#rollback-link a"));
        browser.screenshot("deployment-failed");
        String rollbackId = rollbackLink.getText();
        rollbackLink.click();
        browser.waitForText(By.id("rollback-of"), "This is the rollback of");
        await("the rollback reaches Succeeded").atMost(DEPLOY).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> statusOnPage().equals("Succeeded"));
        assertThat(cluster.deployment(rollbackId).get("revisionId").asText()).isEqualTo(good);
        browser.screenshot("deployment-rollback");
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        await("the page fits a phone's width").atMost(ConsoleBrowser.WAIT).ignoreExceptions()
                .until(() -> (Boolean) browser.driver().executeScript(
                        "return document.documentElement.scrollWidth <= window.innerWidth;"));
        browser.screenshot("deployment-phone");
        browser.driver().manage().window().setSize(new Dimension(1280, 1400));

        browser.open("/deployments");
        browser.waitFor(By.cssSelector("tr[data-deployment]"));
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-deployment]"))).hasSize(3);
        browser.screenshot("deployments");
        browser.open("/audit");
        browser.waitForText(By.id("audit"), "session.create");
        browser.screenshot("audit");
    }

    @Test
    @Order(2)
    void hookOutputAndRevisionTextsFullOfMarkupAreShownAsText() throws Exception {
        assertSucceeded(cluster.cli("app", "create", "evil"));
        assertSucceeded(cluster.cli("group", "create", "--app", "evil", "--name", "evil", "--tag", "role=web"));
        Path bundle = work.resolve("evil");
        Files.createDirectories(bundle.resolve("hooks"));
        Files.writeString(bundle.resolve("appspec.yml"),
                "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: hooks/start.sh\n");
        Path script = bundle.resolve("hooks/start.sh");
        Files.writeString(script, """
                #!/bin/bash
                echo '<script>window.__xss = 1</script>'
                echo '<img src=x onerror="window.__xss = 2">'
                echo '</pre><b id="injected">bold</b>'
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertSucceeded(cluster.cli("push", "--app", "evil", "--source", bundle.toString(), "--description",
                "<img src=x onerror=\"window.__xss = 3\">"));
        browser.signIn(adminToken);

        browser.open("/applications/evil");
        browser.waitForText(By.id("revisions"), "<img src=x onerror=\"window.__xss = 3\">");
        browser.driver().findElement(By.id("d-submit")).click();
        browser.waitFor(By.id("deployment-head"));
        await("the deployment reaches Succeeded").atMost(DEPLOY).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> statusOnPage().equals("Succeeded"));
        browser.driver().findElement(By.cssSelector("article.host button.show-log")).click();
        browser.waitForText(By.id("log"), "<img src=x onerror=\"window.__xss = 2\">");

        String log = browser.driver().findElement(By.id("log")).getText();
        assertThat(log).contains("<script>window.__xss = 1</script>").contains("</pre><b id=\"injected\">bold</b>");
        assertThat(browser.driver().findElements(By.cssSelector("#log img, #log script, #log b, #injected"))).isEmpty();
        assertThat(browser.driver().executeScript("return typeof window.__xss;")).isEqualTo("undefined");
        browser.screenshot("deployment-hostile-output");
    }

    @Test
    @Order(3)
    void aMutatingCallWithTheSessionCookieButWithoutTheCsrfTokenIsRefused() {
        browser.signIn(adminToken);
        browser.open("/applications");
        browser.waitFor(By.id("applications"));

        Map<?, ?> without = fetch("POST", "/api/v1/applications", "{\"name\": \"csrf-probe\"}", false);
        Map<?, ?> with = fetch("POST", "/api/v1/applications", "{\"name\": \"csrf-ok\"}", true);

        assertThat(without.get("status")).isEqualTo(403L);
        assertThat((String) without.get("body")).contains("CSRF_TOKEN_INVALID");
        assertThat(with.get("status")).isEqualTo(201L);
        assertThat(cluster.cli("app", "list").stdout()).contains("csrf-ok").doesNotContain("csrf-probe");
    }

    @Test
    @Order(4)
    void aViewerSeesNoDeployOrRevokeButtonsAndIsRefusedWhenItCallsThemAnyway() {
        JsonNode viewer = cluster.cliJson("api-token", "create", "watcher", "--role", "viewer");
        String agentId = cluster.agent("web-1").id;
        browser.signIn(adminToken);
        browser.driver().findElement(By.id("sign-out")).click();
        browser.waitFor(By.id("token"));
        browser.signIn(viewer.get("token").asText());

        browser.open("/fleet");
        browser.waitFor(By.cssSelector("tr[data-agent]"));
        assertThat(browser.driver().findElements(By.cssSelector("button.revoke"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("create-join-token"))).isEmpty();
        browser.open("/applications/hello-web");
        browser.waitFor(By.cssSelector("article.group"));
        assertThat(browser.driver().findElements(By.id("deploy-form"))).isEmpty();
        browser.screenshot("application-viewer");

        Map<?, ?> deploy = fetch("POST", "/api/v1/deployments",
                "{\"application\": \"hello-web\", \"group\": \"web\", \"revision\": \"latest\"}", true);
        Map<?, ?> revoke = fetch("POST", "/api/v1/agents/" + agentId + "/revoke", "{}", true);

        assertThat(deploy.get("status")).isEqualTo(403L);
        assertThat((String) deploy.get("body")).contains("FORBIDDEN");
        assertThat(revoke.get("status")).isEqualTo(403L);
        assertThat(cluster.connectedNames()).contains("web-1");
        browser.driver().findElement(By.id("sign-out")).click();
        browser.waitFor(By.id("token"));
    }

    @Test
    @Order(5)
    void thePageAndTheApiCarryTheSecurityHeadersAndTheSessionCookieIsHttpOnlyAndStrict() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(cluster.apiUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(cluster.apiUrl() + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + adminToken + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(signIn.statusCode()).isEqualTo(201);
        assertThat(signIn.headers().firstValue("Content-Security-Policy")).isPresent();
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("hoist_session=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Max-Age=").doesNotContain(adminToken);
        assertThat(signIn.body()).doesNotContain(adminToken);
        await("the controller's request log has the sign-in").atMost(Duration.ofSeconds(10))
                .until(() -> cluster.log(cluster.controllerLog()).contains("/api/v1/session"));
        String log = cluster.log(cluster.controllerLog());
        assertThat(log.split(java.util.regex.Pattern.quote(adminToken), -1))
                .as("the token is in the controller's log only where its first start printed it once, never "
                        + "from a sign-in").hasSize(2);
    }

    @Test
    @Order(6)
    void aDroppedStreamReconnectsWithLastEventIdAndCatchesUpWithoutReadingThePageAgain() {
        browser.signIn(adminToken);
        browser.open("/deployments");
        browser.waitFor(By.cssSelector("tr[data-deployment]"));
        browser.waitForText(By.id("live"), "Live");
        browser.driver().executeScript("window.__sameDocument = true; performance.setResourceTimingBufferSize(10000);"
                + " performance.clearResourceTimings();");
        int streamsBefore = proxy.streamRequests().size();

        // The network drops the stream and the browser cannot get through while a deployment runs and ends.
        String missed;
        proxy.hold();
        try {
            proxy.cutStreams();
            browser.waitForText(By.id("live"), "Reconnecting");
            HoistProcesses.Result deploy = cluster.cli(DEPLOY, "deploy", "--app", "evil", "--group", "evil",
                    "--wait", "--output", "json");
            assertSucceeded(deploy);
            missed = HoistCluster.json(deploy).get("id").asText();
            assertThat(browser.driver().findElements(By.cssSelector("tr[data-deployment='" + missed + "']")))
                    .as("nothing reached the page while its stream was down").isEmpty();
        } finally {
            proxy.release();
        }

        browser.waitForText(By.cssSelector("tr[data-deployment='" + missed + "']"), "Succeeded");
        browser.waitForText(By.id("live"), "Live");
        List<String> resumed = proxy.streamRequests().subList(streamsBefore, proxy.streamRequests().size());
        assertThat(resumed).as("the browser reconnected on its own").isNotEmpty();
        assertThat(resumed.get(0)).as("and resumed from the last id it had")
                .containsPattern("(?i)\nlast-event-id: \\d+\\.\\d+\\.[a-z0-9]+\r\n");
        assertThat(browser.driver().executeScript("return performance.getEntriesByType('resource')"
                + ".map((e) => e.name).filter((n) => n.includes('/api/v1/deployments'));"))
                .as("the page caught up from the stream alone, reading nothing again").isEqualTo(List.of());
        assertThat(browser.driver().executeScript("return window.__sameDocument === true;")).isEqualTo(true);
        browser.screenshot("deployments-after-reconnect");
    }

    @Test
    @Order(7)
    void theFleetPageFollowsAnAgentThatEnrollsConnectsGoesAwayIsTaggedAndIsRevokedWithoutAReload()
            throws Exception {
        browser.signIn(adminToken);
        browser.open("/fleet");
        browser.waitFor(By.cssSelector("tr[data-agent]"));
        browser.waitForText(By.id("live"), "Live");
        browser.driver().executeScript("window.__sameDocument = true;");

        HoistCluster.Agent added = cluster.addAgents(List.of("web-2"), "role=web").get(0);
        By row = By.cssSelector("tr[data-agent='" + added.id + "']");
        browser.waitForText(row, "Connected");
        assertThat(browser.driver().findElement(row).getText()).contains("name=web-2").contains("role=web");
        browser.screenshot("fleet-live-enrolled");

        cluster.killAgent(added);
        awaitRowState(row, "Disconnected");
        assertSucceeded(cluster.cli("agent", "tag", added.id, "tier=canary"));
        browser.waitForText(row, "tier=canary");
        assertSucceeded(cluster.cli("agent", "revoke", added.id));
        awaitRowState(row, "Revoked");
        assertThat(browser.driver().findElement(row).findElements(By.cssSelector("button.revoke"))).isEmpty();
        assertThat(browser.driver().executeScript("return window.__sameDocument === true;"))
                .as("every change came through the stream, without a reload").isEqualTo(true);
        browser.screenshot("fleet-live-revoked");

        // A page filtered by state: an agent that leaves the filter leaves the page.
        browser.open("/fleet?state=Connected");
        browser.waitForText(By.id("agents-count"), "of 1 agents");
        cluster.killAgent(cluster.agent("web-1"));
        browser.waitForText(By.id("agents"), "No agent matches these filters.");
        cluster.startAgent(cluster.agent("web-1"));
        browser.waitForText(By.cssSelector("tr[data-agent='" + cluster.agent("web-1").id + "']"), "Connected");
    }

    @Test
    @Order(8)
    void inFirefoxTheConsoleSignsInFollowsTheFleetLiveResumesADroppedStreamAndShowsMarkupAsText() throws Exception {
        FirefoxBidi.requireBrowser();
        String web1 = cluster.agent("web-1").id;
        try (FirefoxBidi firefox = new FirefoxBidi(work.resolve("firefox-profile"), screenshots)) {
            firefox.navigate(proxy.url() + "/#/fleet");
            awaitInFirefox(firefox, "the sign-in form", "document.getElementById('token') !== null");
            firefox.eval("(() => { document.getElementById('token').value = " + FirefoxBidi.quote(adminToken)
                    + "; document.getElementById('sign-in').click(); return true; })()");
            String row = "document.querySelector(\"tr[data-agent='" + web1 + "']\")";
            awaitInFirefox(firefox, "web-1 Connected on the Fleet page", row + "?.dataset.state === 'Connected'");
            awaitInFirefox(firefox, "the stream live", "document.getElementById('live').innerText === 'Live'");
            firefox.eval("window.__sameDocument = true");

            assertSucceeded(cluster.cli("agent", "tag", web1, "browser=firefox"));
            awaitInFirefox(firefox, "the new tag on web-1's row", row + "?.innerText.includes('browser=firefox')");
            firefox.screenshot("firefox-fleet");

            // A dropped stream, a deployment while it is down, and the catch-up from Last-Event-ID.
            firefox.eval("location.hash = '#/deployments'");
            awaitInFirefox(firefox, "the deployments", "document.querySelector('tr[data-deployment]') !== null");
            awaitInFirefox(firefox, "the stream live", "document.getElementById('live').innerText === 'Live'");
            firefox.eval("(() => { performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings();"
                    + " return true; })()");
            int streamsBefore = proxy.streamRequests().size();
            String missed;
            proxy.hold();
            try {
                proxy.cutStreams();
                awaitInFirefox(firefox, "the drop seen",
                        "document.getElementById('live').innerText.startsWith('Reconnecting')");
                HoistProcesses.Result deploy = cluster.cli(DEPLOY, "deploy", "--app", "evil", "--group", "evil",
                        "--wait", "--output", "json");
                assertSucceeded(deploy);
                missed = HoistCluster.json(deploy).get("id").asText();
            } finally {
                proxy.release();
            }
            awaitInFirefox(firefox, "the deployment made while the stream was down",
                    "document.querySelector(\"tr[data-deployment='" + missed + "']\")?.innerText.includes('Succeeded')");
            List<String> resumed = proxy.streamRequests().subList(streamsBefore, proxy.streamRequests().size());
            assertThat(resumed).isNotEmpty();
            assertThat(resumed.get(0)).containsPattern("(?i)\nlast-event-id: \\d+\\.\\d+\\.[a-z0-9]+\r\n");
            assertThat(firefox.eval("performance.getEntriesByType('resource').map((e) => e.name)"
                    + ".filter((n) => n.includes('/api/v1/deployments'))").size())
                    .as("caught up from the stream alone").isZero();
            firefox.screenshot("firefox-deployments");

            // Hostile text stays text.
            firefox.eval("location.hash = '#/applications/evil'");
            awaitInFirefox(firefox, "the revision description as text", "document.getElementById('revisions')"
                    + "?.innerText.includes('<img src=x onerror=\"window.__xss = 3\">')");
            assertThat(firefox.eval("document.querySelectorAll('#revisions img, #revisions script').length")
                    .asInt()).isZero();
            assertThat(firefox.eval("typeof window.__xss").asText()).isEqualTo("undefined");
            assertThat(firefox.eval("window.__sameDocument === true").asBoolean())
                    .as("no reload in all of this").isTrue();
            firefox.screenshot("firefox-application");
        }
    }

    private void awaitInFirefox(FirefoxBidi firefox, String what, String condition) {
        try {
            await(what + " in Firefox").atMost(ConsoleBrowser.WAIT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> firefox.eval("Boolean(" + condition + ")").asBoolean());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            firefox.screenshot("firefox-failure");
            throw new AssertionError(e.getMessage() + "\nscreenshot: " + screenshots.resolve("firefox-failure.png")
                    + "\npage text:\n" + firefox.text("body"), e);
        }
    }

    @Test
    @Order(9)
    void withFiveThousandAgentsTheFleetPageShowsAPageAtATimeFiltersAndStaysLive() {
        int fleet = 5_000;
        int total = fleet + cluster.cliJson("agent", "list").size();
        FleetRows.insert(cluster.dataDir().resolve("hoist.db"), fleet);
        browser.signIn(adminToken);

        browser.open("/fleet");
        browser.waitForText(By.id("agents-count"), "1–100 of " + total + " agents");
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-agent]"))).hasSize(100);
        browser.screenshot("fleet-5000");
        browser.driver().findElement(By.id("agents-next")).click();
        browser.waitForText(By.id("agents-count"), "101–200 of " + total + " agents");
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-agent]"))).hasSize(100);
        assertThat(browser.driver().findElement(By.cssSelector("tr[data-agent]")).getText())
                .contains(FleetRows.hostname(100));

        browser.driver().findElement(By.id("f-tag")).clear();
        browser.driver().findElement(By.id("f-tag")).sendKeys("rack=r07");
        browser.driver().findElement(By.cssSelector("form.filters button[type=submit]")).click();
        browser.waitForText(By.id("agents-count"), "1–50 of 50 agents");
        List<WebElement> rack = browser.driver().findElements(By.cssSelector("tr[data-agent]"));
        assertThat(rack).hasSize(50).allSatisfy(r -> assertThat(r.getText()).contains("rack=r07"));

        String one = FleetRows.id(7);
        assertSucceeded(cluster.cli("agent", "tag", one, "checked=yes"));
        browser.waitForText(By.cssSelector("tr[data-agent='" + one + "']"), "checked=yes");
        assertSucceeded(cluster.cli("agent", "tag", one, "rack=r08"));
        browser.waitForText(By.id("agents-count"), "1–49 of 49 agents");
    }

    @Test
    @Order(10)
    void withAThousandDeploymentsTheDeploymentsPageShowsFiftyAtATimeAndFilters() {
        DeploymentRows.insert(cluster.dataDir().resolve("hoist.db"), 1_000);
        browser.signIn(adminToken);

        browser.open("/deployments?application=" + DeploymentRows.APPLICATION);
        browser.waitForText(By.cssSelector("nav.pager [role=status]"), "1–50 of 1000 deployments");
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("tr[data-deployment]"));
        assertThat(rows).hasSize(50);
        assertThat(rows.get(0).getAttribute("data-deployment")).isEqualTo(DeploymentRows.id(999));
        browser.screenshot("deployments-1000");
        browser.driver().findElement(By.cssSelector("nav.pager button:last-of-type")).click();
        browser.waitForText(By.cssSelector("nav.pager [role=status]"), "51–100 of 1000 deployments");
        assertThat(browser.driver().findElement(By.cssSelector("tr[data-deployment]")).getAttribute("data-deployment"))
                .isEqualTo(DeploymentRows.id(949));

        browser.open("/deployments?application=" + DeploymentRows.APPLICATION + "&status=Failed");
        browser.waitForText(By.cssSelector("nav.pager [role=status]"), "1–50 of 100 deployments");
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-deployment]"))).hasSize(50)
                .allSatisfy(row -> assertThat(row.getText()).contains("Failed"));
    }

    private void awaitRowState(By row, String state) {
        browser.explained(() -> {
            await("the row shows " + state).atMost(ConsoleBrowser.WAIT).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> state.equals(browser.driver().findElement(row).getAttribute(
                            "data-state")));
            return null;
        });
    }

    /** {status, body} of a fetch() made by the page, with or without the session's CSRF token. */
    private Map<?, ?> fetch(String method, String path, String body, boolean withCsrf) {
        return (Map<?, ?>) browser.async("""
                const [method, path, body, withCsrf, done] = arguments;
                (async () => {
                  const headers = {'Content-Type': 'application/json'};
                  if (withCsrf) {
                    const session = await (await fetch('/api/v1/session')).json();
                    headers['X-Hoist-CSRF'] = session.csrfToken;
                  }
                  const response = await fetch(path, {method, headers, body});
                  done({status: response.status, body: await response.text()});
                })().catch((e) => done({status: -1, body: String(e)}));
                """, method, path, body, withCsrf);
    }

    private String statusOnPage() {
        return browser.driver().findElement(By.cssSelector("#deployment-head .page-head .status")).getText();
    }

    private Path prepare(String name, String... flags) throws Exception {
        Path out = work.resolve(name);
        List<String> command = new ArrayList<>(List.of(
                HoistProcesses.projectRoot().resolve("samples/prepare").toString(),
                HoistProcesses.projectRoot().resolve("samples/hello-web").toString(), out.toString(),
                "--sandbox", sandbox.toString(), "--port", String.valueOf(port)));
        command.addAll(List.of(flags));
        Process prepare = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("prepare-" + name + ".log").toFile()).start();
        assertThat(prepare.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(prepare.exitValue()).as(Files.readString(work.resolve("prepare-" + name + ".log"))).isZero();
        return out;
    }

    private String push(Path source) {
        return cluster.cliJson("push", "--app", "hello-web", "--source", source.toString()).get("revisionId").asText();
    }
}
