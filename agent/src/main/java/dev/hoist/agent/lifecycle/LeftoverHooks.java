package dev.hoist.agent.lifecycle;

import dev.hoist.agent.state.InFlightEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the hook a dead agent left running. A hook leads its own process group ({@code setsid}), so it
 * outlives an agent killed with SIGKILL; the journal names its group, and a restarted agent ends that
 * group (SIGTERM, SIGKILL after the grace period) before it reports the event {@code FAILED_AFTER_RESTART},
 * so the hook never runs beside the next deployment's hooks.
 *
 * <p>A process group id can be reused once every member of the group is gone, so the journal also keeps a
 * token: the boot id and the leader's start time (from {@code /proc}). A group is signalled only when the
 * token still matches its leader, or, if the leader exited and left children behind, when the machine has
 * not rebooted and the members started no earlier than the leader did.
 */
public final class LeftoverHooks {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverHooks.class);
    private static final Path PROC = Path.of("/proc");

    private final Duration grace;
    private final Clock clock;

    public LeftoverHooks(Duration grace, Clock clock) {
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * What identifies the process {@code pid} beyond its id ({@code <boot id>/<start time in ticks>}), or
     * {@code ""} when {@code /proc} cannot say (then a restart will not signal its group).
     */
    static String tokenOf(long pid) {
        Optional<String> boot = bootId();
        Optional<Stat> stat = stat(pid);
        if (boot.isEmpty() || stat.isEmpty()) {
            return "";
        }
        return boot.get() + "/" + stat.get().startTicks();
    }

    /**
     * Ends the process group of the hook {@code event} was running, if it is still there and still the
     * same; returns what was done, for the log and the report, or empty when there was nothing to stop.
     */
    public Optional<String> stop(InFlightEvent event) {
        long pgid = event.processGroup();
        if (pgid <= 1 || event.processToken().isEmpty()) {
            return Optional.empty();
        }
        if (!sameGroup(pgid, event.processToken())) {
            return Optional.empty();
        }
        ProcessGroup group = new ProcessGroup(pgid);
        LOG.warn("The hook of {} (deployment {}) left by the previous agent is still running as process group {}: "
                + "stopping it before reporting FAILED_AFTER_RESTART", event.event(), event.deploymentId(), pgid);
        group.signal("TERM");
        String how = "sent SIGTERM to its process group " + pgid;
        if (!awaitEmpty(pgid, grace)) {
            group.signal("KILL");
            how += ", then SIGKILL after " + grace.toSeconds() + " s";
            if (!awaitEmpty(pgid, grace)) {
                LOG.error("Process group {} still has members after SIGKILL (stuck in the kernel?)", pgid);
                how += "; some of its processes are still there";
            }
        }
        return Optional.of("the hook left running by the previous agent was stopped (" + how + ")");
    }

    private static boolean sameGroup(long pgid, String token) {
        int slash = token.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        String boot = token.substring(0, slash);
        long leaderStart;
        try {
            leaderStart = Long.parseLong(token.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (!bootId().map(boot::equals).orElse(false)) {
            return false; // rebooted since: nothing of that run is left
        }
        List<Stat> members = members(pgid);
        if (members.isEmpty()) {
            return false;
        }
        Optional<Stat> leader = members.stream().filter(s -> s.pid() == pgid).findFirst();
        if (leader.isPresent()) {
            return leader.get().startTicks() == leaderStart;
        }
        return members.stream().allMatch(s -> s.startTicks() >= leaderStart);
    }

    /** Whether any process of the group is alive (zombies, dead but not yet reaped, do not count). */
    static boolean hasLiveMembers(long pgid) {
        return !members(pgid).stream().allMatch(Stat::zombie);
    }

    private boolean awaitEmpty(long pgid, Duration limit) {
        Instant end = clock.instant().plus(limit);
        while (true) {
            if (!hasLiveMembers(pgid)) {
                return true;
            }
            if (!clock.instant().isBefore(end)) {
                return false;
            }
            try {
                Thread.sleep(20); // polling /proc: there is no way to wait for another session's group
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static List<Stat> members(long pgid) {
        List<Stat> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    stat(Long.parseLong(name)).filter(s -> s.pgrp() == pgid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", PROC, e.toString());
        }
        return found;
    }

    private static Optional<String> bootId() {
        try {
            return Optional.of(Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Fields of {@code /proc/PID/stat}: the name in parentheses may hold spaces, so parse after the last ')'. */
    private static Optional<Stat> stat(long pid) {
        String text;
        try {
            text = new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile, or not ours to read
        }
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = text.substring(close + 1).trim().split(" ");
        try {
            // fields[0] is field 3 (state); pgrp is field 5, starttime field 22.
            return Optional.of(new Stat(pid, fields[0].equals("Z") || fields[0].equals("X"),
                    Long.parseLong(fields[2]), Long.parseLong(fields[19])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Stat(long pid, boolean zombie, long pgrp, long startTicks) {
    }
}
