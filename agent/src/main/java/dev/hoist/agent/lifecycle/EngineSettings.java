package dev.hoist.agent.lifecycle;

import dev.hoist.agent.bundle.BundleExtractor;
import dev.hoist.agent.bundle.ExtractionLimits;
import dev.hoist.agent.install.InstallRecordStore;
import dev.hoist.agent.install.Installer;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.RevisionRetention;
import dev.hoist.protocol.appspec.AppSpecParser;
import java.time.Clock;

/**
 * The deployment engine's settings, with defaults in the field initialisers, and the one place that
 * wires a {@link DeploymentRunner} from them. Both {@code hoist-agent local} and the daemon build their
 * runner here, so they run deployments the same way.
 */
public final class EngineSettings {

    /** Deployment directories kept per group (at least 1). */
    private int revisionsToKeep = 5;
    /** Bound on {@code logs/scripts.log} plus its rotated {@code .1}. */
    private long scriptsLogMaxBytes = 64L << 20;
    private HookRunnerSettings hooks = HookRunnerSettings.DEFAULT;
    private ExtractionLimits extraction = ExtractionLimits.DEFAULT;

    public EngineSettings revisionsToKeep(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("revisions to keep must be at least 1, got " + keep);
        }
        this.revisionsToKeep = keep;
        return this;
    }

    public EngineSettings scriptsLogMaxBytes(long bytes) {
        this.scriptsLogMaxBytes = bytes;
        return this;
    }

    public EngineSettings hooks(HookRunnerSettings settings) {
        this.hooks = settings;
        return this;
    }

    public EngineSettings extraction(ExtractionLimits limits) {
        this.extraction = limits;
        return this;
    }

    /** What stops the hooks a dead agent left running, with the hooks' kill grace period. */
    public LeftoverHooks leftoverHooks(Clock clock) {
        return new LeftoverHooks(hooks.killGrace(), clock);
    }

    /** A runner over the deployment root {@code layout}. */
    public DeploymentRunner build(DeploymentLayout layout, Clock clock) {
        return build(layout, new EventJournal(layout), clock);
    }

    /** A runner over the deployment root {@code layout} that keeps its events in flight in {@code journal}. */
    public DeploymentRunner build(DeploymentLayout layout, EventJournal journal, Clock clock) {
        InstallRecordStore records = new InstallRecordStore(layout);
        return new DeploymentRunner(
                layout,
                new RevisionPreparer(new BundleExtractor(extraction), new AppSpecParser()),
                new HookRunner(hooks, clock),
                leftoverHooks(clock),
                new Installer(records),
                records,
                journal,
                new RevisionRetention(layout, revisionsToKeep),
                scriptsLogMaxBytes,
                clock);
    }
}
