package dev.hoist.controller.safety;

import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.AuditLog;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a deployment asked for now may start, given the freeze windows: the check every
 * deployment created through the API passes. Automatic rollbacks and stops are not created here, so a
 * freeze never blocks them.
 */
public final class FreezeGate {
    /** The audit action of an override; the target names the windows and carries the reason. */
    public static final String OVERRIDE_ACTION = "deployment.freeze-override";
    public static final int MAX_REASON = 200;

    private final FreezeWindowStore windows;
    private final AuditLog audit;
    private final Clock clock;

    public FreezeGate(FreezeWindowStore windows, AuditLog audit, Clock clock) {
        this.windows = windows;
        this.audit = audit;
        this.clock = clock;
    }

    /** The windows that freeze {@code application}'s group {@code group} at {@code at}. */
    public List<FreezeWindow> freezing(String application, String group, Instant at) {
        return windows.list().stream().filter(w -> w.freezes(application, group, at)).toList();
    }

    /**
     * Lets a deployment of {@code application}/{@code group} start now, or refuses it with
     * {@code DEPLOYMENT_FROZEN} naming the window and its reason. With an {@code overrideReason}, an admin
     * goes ahead and the override is written to the audit log; anyone else is refused.
     */
    public void admit(String application, String group, String overrideReason, String actor, Role role,
            String remoteAddress) {
        if (application == null || group == null) {
            return; // the admission refuses the body with its own words
        }
        Instant now = clock.instant();
        List<FreezeWindow> frozen = freezing(application.trim(), group.trim(), now);
        boolean override = overrideReason != null && !overrideReason.isBlank();
        if (override && overrideReason.length() > MAX_REASON) {
            throw Refusal.invalid("INVALID_OVERRIDE_REASON", "the override reason has " + overrideReason.length()
                    + " characters; at most " + MAX_REASON, Map.of("max", MAX_REASON));
        }
        if (frozen.isEmpty()) {
            return;
        }
        FreezeWindow first = frozen.get(0);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("windowId", first.id());
        details.put("scope", first.scope());
        details.put("when", first.when());
        details.put("reason", first.reason() == null ? "" : first.reason());
        details.put("windows", frozen.stream().map(FreezeWindow::id).toList());
        if (!override) {
            throw new Refusal(Refusal.Kind.CONFLICT, "DEPLOYMENT_FROZEN", "deployments of " + application + "/"
                    + group + " are frozen by window " + first.id() + " (" + first.scope() + ", " + first.when()
                    + (first.reason() == null ? "" : ": " + first.reason()) + "); deploy after it ends, or, as an "
                    + "admin, pass --override-freeze \"REASON\" (recorded in the audit log)", details);
        }
        if (role != Role.ADMIN) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "FREEZE_OVERRIDE_FORBIDDEN", "only an admin token may "
                    + "override freeze window " + first.id() + " (" + first.scope() + ", " + first.when()
                    + "); this token's role is " + role.name().toLowerCase(java.util.Locale.ROOT), details);
        }
        String ids = String.join(",", frozen.stream().map(FreezeWindow::id).toList());
        audit.record(new AuditEvent(0, now, actor, OVERRIDE_ACTION, application + "/" + group + " window " + ids
                + ": " + overrideReason.strip(), remoteAddress, "OK"));
    }
}
