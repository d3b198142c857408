package dev.hoist.agent.identity;

import dev.hoist.protocol.tls.OneSidedTrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the server at the other end is the controller: its certificate must be made for
 * server authentication, valid now, and signed by a trusted CA: during enrollment, a CA certificate in
 * the presented chain whose public key matches the pin; afterwards, one of the CA certificates received
 * at enrollment. Host names are not checked: only the controller's gateways hold server certificates
 * from this CA, so the CA is the identity.
 *
 * <p>Remembers why it refused, so that the command can say which pin it saw.
 */
public final class ControllerTrustManager extends OneSidedTrustManager {

    private final CaPin pin;
    private final List<X509Certificate> anchors;
    private final Clock clock;
    private volatile List<CaPin> presentedCaPins = List.of();
    private volatile X509Certificate presentedLeaf;
    private volatile boolean pinMismatch;

    private ControllerTrustManager(CaPin pin, List<X509Certificate> anchors, Clock clock) {
        this.pin = pin;
        this.anchors = List.copyOf(anchors);
        this.clock = clock;
    }

    /** Trusts the CA in the server's chain whose public key matches {@code pin} (enrollment). */
    public static ControllerTrustManager pinned(CaPin pin, Clock clock) {
        return new ControllerTrustManager(pin, List.of(), clock);
    }

    /** Trusts the CA certificates the agent received when it enrolled. */
    public static ControllerTrustManager anchoredIn(List<X509Certificate> caCertificates, Clock clock) {
        return new ControllerTrustManager(null, caCertificates, clock);
    }

    /** Whether the last refusal was because no CA in the chain matched the pin. */
    public boolean pinMismatch() {
        return pinMismatch;
    }

    /** Pins of the CA certificates the server presented (for the message after a mismatch). */
    public List<CaPin> presentedCaPins() {
        return presentedCaPins;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        X509Certificate leaf = chain[0];
        presentedLeaf = leaf;
        List<X509Certificate> presentedCas = Arrays.asList(chain).subList(1, chain.length);
        presentedCaPins = presentedCas.stream().map(CaPin::of).toList();
        List<X509Certificate> candidates = pin == null ? anchors
                : presentedCas.stream().filter(pin::matches).toList();
        Optional<X509Certificate> issuer = candidates.stream()
                .filter(ca -> ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()))
                .filter(ca -> signedBy(leaf, ca))
                .findFirst();
        if (issuer.isEmpty()) {
            if (pin != null) {
                pinMismatch = true;
                throw new CertificateException("the controller's CA does not match the pin " + pin
                        + "; the controller presented CA pin(s) " + pinsText());
            }
            throw new CertificateException("the controller's certificate '" + leaf.getSubjectX500Principal().getName()
                    + "' is not signed by the CA this agent enrolled with");
        }
        Date now = Date.from(clock.instant());
        try {
            leaf.checkValidity(now);
            issuer.get().checkValidity(now);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the controller's certificate is not valid now (" + now.toInstant()
                    + "): valid from " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant()
                    + "; check this host's clock", e);
        }
        if (!hasExtendedKeyUsage(leaf, SERVER_AUTH)) {
            throw new CertificateException("the server's certificate is not made for a server (is it an agent's?)");
        }
    }

    /**
     * What the server presented, for the message after a mismatch: the pins of its CA certificates or,
     * when its chain holds none (a server that is not a Hoist gateway), its own certificate and that
     * certificate's pin, so the message never shows an empty pin.
     */
    public String presentedText() {
        return pinsText();
    }

    private String pinsText() {
        List<String> pins = new ArrayList<>();
        presentedCaPins.forEach(seen -> pins.add(seen.value()));
        if (!pins.isEmpty()) {
            return String.join(", ", pins);
        }
        X509Certificate leaf = presentedLeaf;
        if (leaf == null) {
            return "(none: no certificate was presented)";
        }
        return "(none: its chain holds no CA certificate, only the server certificate '"
                + leaf.getSubjectX500Principal().getName() + "' whose own pin is " + CaPin.of(leaf).value()
                + "; is this a Hoist controller's agent gateway?)";
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent accepts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.toArray(X509Certificate[]::new);
    }

}
