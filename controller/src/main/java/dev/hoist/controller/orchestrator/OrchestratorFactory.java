package dev.hoist.controller.orchestrator;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.deploy.AgentDistributions;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.GroupSecrets;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.RevisionStore;
import dev.hoist.controller.core.traffic.TrafficSteps;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;

/**
 * Configuration of the deployment orchestrator ({@code orchestrator:} in the controller's YAML); every
 * field has a default. See docs/orchestrator.md.
 */
public class OrchestratorFactory {
    /** How often deadlines are checked. */
    @JsonProperty
    @NotNull
    private Duration tickInterval = Duration.seconds(1);

    /** A host in flight whose agent stays disconnected this long fails with AGENT_LOST. */
    @JsonProperty
    @NotNull
    private Duration agentLostTimeout = Duration.seconds(60);

    /** Added to a host's budget (scripted events at the group's limit, health gates) for its deadline. */
    @JsonProperty
    @NotNull
    private Duration hostDeadlineSlack = Duration.minutes(5);

    /** Log lines kept per host of a deployment; the oldest are dropped beyond it. */
    @JsonProperty
    @Min(100)
    @Max(10_000_000)
    private int maxLogLinesPerHost = 10_000;

    /**
     * Past this many reports waiting to be applied and stored, the gateway stops reading from agents
     * until a quarter of it is left (their reports wait in the agents' outboxes meanwhile).
     */
    @JsonProperty
    @Min(100)
    @Max(10_000_000)
    private int maxQueuedReports = 50_000;

    /** Updates buffered per live-stream client; a client that falls this far behind is dropped. */
    @JsonProperty
    @Min(16)
    @Max(1_000_000)
    private int streamClientBuffer = 10_000;

    /** Changes kept for live-stream clients that reconnect with the last id they saw. */
    @JsonProperty
    @Min(0)
    @Max(1_000_000)
    private int streamHistory = 10_000;

    /** A comment line is sent on an idle live stream this often, so proxies keep it open. */
    @JsonProperty
    @NotNull
    private Duration streamHeartbeat = Duration.seconds(15);

    /**
     * Automatic deployments: hosts of a group that join or come back within this long of each other go
     * in one deployment, made once this long has passed without another.
     */
    @JsonProperty
    @NotNull
    private Duration autoDeployBatchWindow = Duration.seconds(5);

    /** ... but no later than this long after the first of them. */
    @JsonProperty
    @NotNull
    private Duration autoDeployBatchLimit = Duration.seconds(60);

    public int getMaxLogLinesPerHost() {
        return maxLogLinesPerHost;
    }

    public int getStreamClientBuffer() {
        return streamClientBuffer;
    }

    public int getStreamHistory() {
        return streamHistory;
    }

    public java.time.Duration getStreamHeartbeat() {
        return streamHeartbeat.toJavaDuration();
    }

    public void setAgentLostTimeout(Duration agentLostTimeout) {
        this.agentLostTimeout = agentLostTimeout;
    }

    public void setTickInterval(Duration tickInterval) {
        this.tickInterval = tickInterval;
    }

    /** The catalog and registry the orchestrator reads. */
    public record Catalog(ApplicationStore applications, DeploymentGroupStore groups, RevisionStore revisions,
            DeploymentConfigStore configs, AgentStore agents, GroupSecrets secrets,
            AgentDistributions agentDistributions) {

        /** A catalog whose revisions carry no agent distributions. */
        public Catalog(ApplicationStore applications, DeploymentGroupStore groups, RevisionStore revisions,
                DeploymentConfigStore configs, AgentStore agents, GroupSecrets secrets) {
            this(applications, groups, revisions, configs, agents, secrets, AgentDistributions.NONE);
        }
    }

    /**
     * Builds the orchestrator's loop; manage it so that it resumes on start and commits what is queued
     * on stop, and give it the gateway as its {@link OrchestratorLoop#pressure pressure} valve.
     */
    public OrchestratorLoop build(DeploymentStore store, Catalog catalog, AgentCommands commands,
            DeploymentListener listener, AgentPresence presence, MetricRegistry registry, Clock clock) {
        return build(store, catalog, commands, listener, presence, registry, clock, TrafficSteps.NONE);
    }

    /** As above, with deployments of groups behind a load balancer driven through {@code traffic}. */
    public OrchestratorLoop build(DeploymentStore store, Catalog catalog, AgentCommands commands,
            DeploymentListener listener, AgentPresence presence, MetricRegistry registry, Clock clock,
            TrafficSteps traffic) {
        OrchestratorMetrics metrics = new OrchestratorMetrics(registry);
        Orchestrator orchestrator = new Orchestrator(store, catalog.groups(), catalog.revisions(),
                new HostResolver(catalog.agents(), presence), new HostWork(hostDeadlineSlack.toJavaDuration(), catalog.secrets(),
                        catalog.agentDistributions()),
                new RollbackPolicy(store, catalog.configs()), commands, listener, metrics, presence, clock,
                agentLostTimeout.toJavaDuration(), traffic, new Orchestrator.AutoDeploySettings(catalog.agents(),
                        catalog.configs(), autoDeployBatchWindow.toJavaDuration(), autoDeployBatchLimit.toJavaDuration()));
        DeploymentAdmission admission = new DeploymentAdmission(catalog.applications(), catalog.groups(),
                catalog.revisions(), catalog.configs(), clock);
        return new OrchestratorLoop(orchestrator, admission, catalog.applications(), catalog.groups(), metrics,
                tickInterval.toJavaDuration(), maxQueuedReports);
    }
}
