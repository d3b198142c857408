package dev.hoist.controller.gateway;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.JoinToken;
import dev.hoist.controller.core.JoinTokenStore.Redemption;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.pki.CertificateAuthority;
import dev.hoist.controller.pki.CsrRejectedException;
import dev.hoist.protocol.v1.EnrollRequest;
import dev.hoist.protocol.v1.EnrollResponse;
import dev.hoist.protocol.v1.EnrollResponse.Status;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrollment decision (security.md, "Enrollment"): checks the request, spends one use of the join
 * token, chooses the agent id, signs the CSR and records the agent. Blocking (store, signing): runs on
 * the gateway's work executor, never on an event loop. The token secret is never logged.
 */
final class AgentEnroller {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEnroller.class);
    static final int MAX_TAGS = 64;
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;

    private final GatewayContext context;

    AgentEnroller(GatewayContext context) {
        this.context = context;
    }

    EnrollResponse enroll(EnrollRequest request, String remote) {
        if (request.getToken().isBlank()) {
            return refusal(Status.TOKEN_UNKNOWN, "the enrollment request carries no join token; pass the one "
                    + "'hoist token create' printed with --token");
        }
        String tagProblem = tagProblem(request.getTagsMap());
        if (tagProblem != null) {
            return refusal(Status.REQUEST_INVALID, tagProblem);
        }
        CertificateAuthority.CheckedCsr csr;
        try {
            csr = context.ca().checkCsr(request.getCsrDer().toByteArray());
        } catch (CsrRejectedException e) {
            return refusal(Status.CSR_INVALID, e.getMessage());
        }
        // Checked before a use is spent: a host asking for tags the token does not let it have is refused
        // with the token intact (hostile-probe finding 3).
        Optional<JoinToken> known = context.joinTokens().findBySecretHash(Secrets.hash(request.getToken()));
        String bindingProblem = known.map(token -> token.tagProblem(request.getTagsMap())).orElse(null);
        if (bindingProblem != null) {
            LOG.info("Enrollment from {} refused: {}", remote, bindingProblem);
            return refusal(Status.REQUEST_INVALID, bindingProblem);
        }
        Instant now = context.clock().instant();
        Redemption redemption = context.joinTokens().redeem(Secrets.hash(request.getToken()), now);
        switch (redemption.outcome()) {
            case UNKNOWN:
                LOG.info("Enrollment from {} refused: unknown join token", remote);
                return refusal(Status.TOKEN_UNKNOWN, "this controller does not know the join token: check that it "
                        + "was copied whole, or create a new one with 'hoist token create'");
            case EXPIRED:
                LOG.info("Enrollment from {} refused: join token {} expired", remote, redemption.token().id());
                return refusal(Status.TOKEN_EXPIRED, "the join token " + redemption.token().id() + " expired at "
                        + redemption.token().expiresAt() + "; create a new one with 'hoist token create'");
            case SPENT:
                LOG.info("Enrollment from {} refused: join token {} has no uses left", remote, redemption.token().id());
                return refusal(Status.TOKEN_SPENT, "the join token " + redemption.token().id()
                        + " has been used as often as it allows; create a new one with 'hoist token create' "
                        + "(--uses N for several hosts)");
            case OK:
                return admit(request, csr, redemption, now, remote);
            default:
                throw new IllegalStateException("unknown redemption outcome " + redemption.outcome());
        }
    }

    private EnrollResponse admit(EnrollRequest request, CertificateAuthority.CheckedCsr csr, Redemption redemption,
            Instant now, String remote) {
        String agentId = Secrets.newId("agt-");
        X509Certificate certificate;
        try {
            certificate = context.ca().signAgentCertificate(csr, agentId, context.certificateLifetime());
        } catch (CsrRejectedException e) {
            return refusal(Status.CSR_INVALID, e.getMessage()); // checked above; only a CA fault gets here
        }
        String late = redemption.token().tagProblem(request.getTagsMap());
        if (late != null) {
            return refusal(Status.REQUEST_INVALID, late); // the token changed between the check and the redemption
        }
        Map<String, String> tags = new LinkedHashMap<>(request.getTagsMap());
        tags.putAll(redemption.token().tags()); // the token's tags win
        HostFacts facts = HostFactsTranslator.fromWire(request.getFacts());
        context.agents().insert(new Agent(agentId, facts.hostname(), tags, request.getAgentVersion(),
                (facts.osName() + " " + facts.osVersion()).strip(), now, now, AgentState.DISCONNECTED, now, facts));
        LOG.info("Enrolled agent {} ({}) from {} with join token {}; tags {}", agentId, facts.hostname(), remote,
                redemption.token().id(), tags);
        EnrollResponse.Builder response = EnrollResponse.newBuilder()
                .setStatus(Status.OK)
                .setAgentId(agentId)
                .setCertificateDer(Der.of(certificate));
        context.ca().trustAnchors().forEach(anchor -> response.addCaCertificatesDer(Der.of(anchor)));
        return response.build();
    }

    /** What is wrong with the requested tags, or {@code null} when they are fine. */
    static String tagProblem(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            return "the request asks for " + tags.size() + " tags; at most " + MAX_TAGS + " are allowed";
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key.isEmpty() || key.length() > MAX_TAG_KEY || !key.chars().allMatch(AgentEnroller::isKeyChar)) {
                return "tag key '" + abbreviate(key) + "' is not valid: use 1 to " + MAX_TAG_KEY
                        + " letters, digits or . _ - / :";
            }
            if (tag.getValue().length() > MAX_TAG_VALUE) {
                return "the value of tag '" + key + "' has " + tag.getValue().length() + " characters; at most "
                        + MAX_TAG_VALUE + " are allowed";
            }
        }
        return null;
    }

    private static boolean isKeyChar(int c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ':';
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static EnrollResponse refusal(Status status, String message) {
        return EnrollResponse.newBuilder().setStatus(status).setMessage(message).build();
    }
}
