package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.AutoRollback.Trigger;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.TrafficSteps;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what agents report, and what their silence means, to the deployments in flight. Every report
 * is applied once, whatever is redelivered or reordered: each names its command id, an event's status
 * only moves forward, a finished host stays finished, a log line at or below a host's highest number is
 * dropped. Confined to the loop's thread.
 */
final class HostReports implements AgentReports {
    private static final Logger LOG = LoggerFactory.getLogger(HostReports.class);

    private final ActiveDeployments active;
    private final DeploymentLifecycle lifecycle;
    private final UnitOfWork unit;
    private final AgentPresence presence;
    private final OrchestratorMetrics metrics;
    private final Clock clock;
    private final Duration agentLostTimeout;
    private final TrafficSteps traffic;

    HostReports(ActiveDeployments active, DeploymentLifecycle lifecycle, UnitOfWork unit, AgentPresence presence,
            OrchestratorMetrics metrics, Clock clock, Duration agentLostTimeout, TrafficSteps traffic) {
        this.traffic = traffic;
        this.active = active;
        this.lifecycle = lifecycle;
        this.unit = unit;
        this.presence = presence;
        this.metrics = metrics;
        this.clock = clock;
        this.agentLostTimeout = agentLostTimeout;
    }

    /**
     * Reconciles the agent's hosts in flight with the commands it still holds: an unacknowledged command
     * is sent again; an acknowledged one the agent no longer has, with no result, was lost.
     */
    @Override
    public void agentConnected(String agentId, List<String> pendingCommandIds) {
        metrics.reportApplied();
        Set<String> pending = Set.copyOf(pendingCommandIds);
        for (String commandId : pending) {
            // A command this controller gave up on while the agent was away: its work must not go on.
            ActiveDeployment owner = active.ofCommand(commandId).orElse(null);
            HostRun given = owner == null ? null : owner.host(agentId);
            if (given != null && commandId.equals(given.commandId()) && given.status().isFinal()) {
                lifecycle.recall(agentId, commandId);
            }
        }
        for (ActiveDeployment ad : active.all()) {
            HostRun host = ad.host(agentId);
            if (host == null || host.status() != HostStatus.IN_PROGRESS) {
                continue;
            }
            if (pending.contains(host.commandId())) {
                if (!host.acknowledged()) {
                    lifecycle.saveHost(ad, host.withAcknowledged());
                }
            } else if (!host.acknowledged()) {
                lifecycle.redeliver(ad, host);
            } else {
                lifecycle.finishHost(ad, host, HostStatus.FAILED, FailureClass.AGENT_LOST.name(), "the agent "
                        + "reconnected without command " + host.commandId() + " and sent no result for it, so its "
                        + "work was lost (was the agent's state directory reset?)");
                lifecycle.advance(ad);
            }
        }
    }

    @Override
    public void commandAcknowledged(String agentId, String commandId, boolean accepted, String message) {
        metrics.reportApplied();
        ActiveDeployment ad = active.ofCommand(commandId).orElse(null);
        HostRun host = ad == null ? null : hostOf(ad, agentId, commandId);
        if (host == null || host.status().isFinal()) {
            return;
        }
        if (accepted) {
            if (!host.acknowledged()) {
                lifecycle.saveHost(ad, host.withAcknowledged());
            }
        } else {
            lifecycle.finishHost(ad, host, HostStatus.FAILED, FailureClass.UNKNOWN_ERROR.name(),
                    "the agent refused the command: " + message);
            lifecycle.advance(ad);
        }
    }

    @Override
    public void eventStatus(String agentId, EventReport report) {
        metrics.reportApplied();
        ActiveDeployment ad = active.ofCommand(report.commandId()).orElse(null);
        HostRun host = ad == null ? null : hostOf(ad, agentId, report.commandId());
        if (host == null || report.status() == null) {
            return;
        }
        Map<String, HostEvent> events = ad.events(agentId);
        HostEvent known = events.getOrDefault(report.event(), HostEvent.pending(ad.id(), agentId, report.event()));
        if (report.status() == HostStatus.IN_PROGRESS && ad.isBlueGreen() && !known.status().isFinal()
                && !host.status().isFinal() && LifecycleEvent.ALLOW_TRAFFIC.wireName().equals(report.event())) {
            lifecycle.awaitReroute(ad, host);
        } else if (report.status() == HostStatus.IN_PROGRESS && ad.balancer() != null && !known.status().isFinal()
                && !host.status().isFinal() && isTrafficStep(report.event())) {
            // The host waits in this event for the balancer's step; asked again if the report is redelivered.
            LoadBalancer balancer = ad.balancer();
            unit.afterCommit(() -> traffic.step(balancer, agentId, host.hostname(), host.commandId(), report.event()));
        }
        if (!known.acceptsNext(report.status())) {
            return;
        }
        HostEvent updated = new HostEvent(ad.id(), agentId, report.event(), report.status(), report.failure(),
                report.exitCode(), report.message(),
                report.startedAt() != null ? report.startedAt() : known.startedAt(),
                report.endedAt() != null ? report.endedAt() : known.endedAt());
        events.put(report.event(), updated);
        unit.event(ad, updated);
        if (!host.status().isFinal() && (!report.event().equals(host.currentEvent()) || !host.acknowledged())) {
            // Any report shows the agent holds the command, acknowledged or not.
            lifecycle.saveHost(ad, host.atEvent(report.event()).withAcknowledged());
        }
    }

    @Override
    public void logLines(String agentId, LogBatch batch) {
        metrics.reportApplied();
        ActiveDeployment ad = active.ofCommand(batch.commandId()).orElse(null);
        if (ad == null || hostOf(ad, agentId, batch.commandId()) == null) {
            return;
        }
        long number = batch.firstLineNumber();
        for (LogEntry entry : batch.lines()) {
            if (number > ad.lastLine(agentId)) {
                unit.logLine(ad.deployment().application(), new LogLine(ad.id(), agentId, number, ad.nextSequence(),
                        entry.at() == null ? clock.instant() : entry.at(), batch.event(),
                        entry.stream() == null ? "stdout" : entry.stream(), entry.script(),
                        entry.text() == null ? "" : entry.text()));
                ad.lastLine(agentId, number);
            }
            number++;
        }
    }

    @Override
    public void hostResult(String agentId, HostOutcome outcome, Runnable acknowledge) {
        metrics.reportApplied();
        unit.afterCommit(acknowledge);
        ActiveDeployment ad = active.ofCommand(outcome.commandId()).orElse(null);
        HostRun host = ad == null ? null : hostOf(ad, agentId, outcome.commandId());
        if (host == null || host.status().isFinal()) {
            return;
        }
        boolean succeeded = outcome.status() == HostStatus.SUCCEEDED;
        String failure = succeeded ? null
                : outcome.failure() == null || outcome.failure().isBlank() ? FailureClass.UNKNOWN_ERROR.name()
                : outcome.failure();
        lifecycle.finishHost(ad, host, succeeded ? HostStatus.SUCCEEDED : HostStatus.FAILED, failure,
                outcome.message());
        if (FailureClass.HEALTH_CHECK_FAILED.name().equals(failure) && ad.deployment().ending() == null) {
            lifecycle.fail(ad, "health gate failed on " + host.hostname() + (outcome.message() == null ? ""
                    : ": " + outcome.message()), Trigger.DEPLOYMENT_STOP_ON_ALARM);
            return;
        }
        lifecycle.advance(ad);
    }

    /**
     * Fails hosts past their deadline or whose agent stayed away too long, and tells their agents to
     * cancel the command (a host given up on must not go on running hooks).
     */
    void failLostHosts() {
        Instant now = clock.instant();
        for (ActiveDeployment ad : active.all()) {
            boolean changed = false;
            for (HostRun host : List.copyOf(ad.hosts())) {
                if (host.status() != HostStatus.IN_PROGRESS) {
                    continue;
                }
                String lost = lostReason(host, now);
                if (lost != null) {
                    lifecycle.finishHost(ad, host, HostStatus.FAILED, FailureClass.AGENT_LOST.name(), lost);
                    lifecycle.recall(host.agentId(), host.commandId());
                    changed = true;
                }
            }
            if (changed) {
                lifecycle.advance(ad);
            }
        }
    }

    private String lostReason(HostRun host, Instant now) {
        if (host.deadline() != null && !now.isBefore(host.deadline())) {
            return "no result by the host's deadline " + host.deadline() + " (every scripted event at the group's "
                    + "time limit, health gates and slack)";
        }
        Instant since = presence.awaySince(host.agentId()).orElse(null);
        if (since != null && !now.isBefore(since.plus(agentLostTimeout))) {
            return "the agent has not been connected since " + since + ", longer than the agent-lost timeout of "
                    + agentLostTimeout.toSeconds() + " s";
        }
        return null;
    }

    private static boolean isTrafficStep(String event) {
        return LifecycleEvent.BLOCK_TRAFFIC.wireName().equals(event)
                || LifecycleEvent.ALLOW_TRAFFIC.wireName().equals(event);
    }

    private static HostRun hostOf(ActiveDeployment ad, String agentId, String commandId) {
        HostRun host = ad.host(agentId);
        if (host == null || !commandId.equals(host.commandId())) {
            LOG.warn("Agent {} reported on command {}, which is not its own; ignored", agentId, commandId);
            return null;
        }
        return host;
    }
}
