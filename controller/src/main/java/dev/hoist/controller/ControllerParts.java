package dev.hoist.controller;

import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.AuditLog;
import dev.hoist.controller.core.JoinTokenStore;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.gateway.AgentGateway;
import dev.hoist.controller.pki.CertificateAuthority;
import java.nio.file.Path;

/**
 * What the composition root built, kept so that tests and operators' tools can reach the running
 * controller's parts (for example to inspect the registry) without a second way of building them.
 */
public record ControllerParts(
        Path dataDir,
        CertificateAuthority certificateAuthority,
        AgentStore agents,
        JoinTokenStore joinTokens,
        ApiTokenStore apiTokens,
        AuditLog auditLog,
        RevocationList revocations,
        AgentGateway gateway) {
}
