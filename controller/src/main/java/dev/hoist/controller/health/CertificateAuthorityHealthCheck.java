package dev.hoist.controller.health;

import com.codahale.metrics.health.HealthCheck;
import dev.hoist.controller.pki.CertificateAuthority;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;

/** Healthy while the CA certificate is loaded and valid. */
public final class CertificateAuthorityHealthCheck extends HealthCheck {
    private final CertificateAuthority ca;
    private final Clock clock;

    public CertificateAuthorityHealthCheck(CertificateAuthority ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        X509Certificate certificate;
        try {
            certificate = ca.certificate();
        } catch (RuntimeException e) {
            return Result.unhealthy("the CA certificate is not available: " + e.getMessage());
        }
        Instant now = clock.instant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter) || now.isBefore(certificate.getNotBefore().toInstant())) {
            return Result.unhealthy("the CA certificate is valid only from " + certificate.getNotBefore().toInstant()
                    + " to " + notAfter);
        }
        return Result.healthy("CA " + ca.pin() + " valid until " + notAfter);
    }
}
