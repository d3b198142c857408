package dev.hoist.controller.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What an agent certificate says about who the agent is. An agent certificate names its agent twice:
 * the subject CN and a SAN URI {@code hoist://agent/<id>}; both must agree for the certificate to
 * name an agent at all.
 */
public final class AgentCertificates {
    /** Prefix of the SAN URI that carries the agent id. */
    public static final String URI_PREFIX = "hoist://agent/";
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int SAN_URI = 6;

    private AgentCertificates() {
    }

    /** Whether {@code id} is a well-formed agent id (as chosen by the controller). */
    public static boolean isValidAgentId(String id) {
        return id != null && AGENT_ID.matcher(id).matches();
    }

    /** The agent id the certificate names, or empty when it names none or its CN and SAN disagree. */
    public static Optional<String> agentId(X509Certificate certificate) {
        Optional<String> fromSan = sanAgentId(certificate);
        Optional<String> fromCn = commonName(certificate);
        if (fromSan.isPresent() && fromSan.equals(fromCn) && isValidAgentId(fromSan.get())) {
            return fromSan;
        }
        return Optional.empty();
    }

    private static Optional<String> sanAgentId(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        for (List<?> name : names) {
            if (Integer.valueOf(SAN_URI).equals(name.get(0)) && name.get(1) instanceof String uri
                    && uri.startsWith(URI_PREFIX)) {
                return Optional.of(uri.substring(URI_PREFIX.length()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] rdns = subject.getRDNs(BCStyle.CN);
        if (rdns.length != 1) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }
}
