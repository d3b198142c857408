package dev.hoist.controller.gateway;

import com.google.protobuf.ByteString;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/** Certificates as the wire carries them: DER bytes. */
final class Der {
    private Der() {
    }

    static ByteString of(X509Certificate certificate) {
        try {
            return ByteString.copyFrom(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("encoding a certificate failed", e);
        }
    }
}
