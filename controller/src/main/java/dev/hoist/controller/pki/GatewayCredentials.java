package dev.hoist.controller.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gateway's TLS server identity: its private key and its certificate chain (leaf first, then the CA).
 */
public record GatewayCredentials(PrivateKey privateKey, List<X509Certificate> chain) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public GatewayCredentials {
        chain = List.copyOf(chain);
    }

    /** The gateway's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    boolean isUsableFor(X509Certificate ca, Set<String> names, Instant now, Duration minimumLeft) {
        X509Certificate leaf = certificate();
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        if (leaf.getNotAfter().toInstant().isBefore(now.plus(minimumLeft))) {
            return false;
        }
        return subjectAltNames(leaf).containsAll(normalized(names));
    }

    private static Set<String> subjectAltNames(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> altNames = certificate.getSubjectAlternativeNames();
            if (altNames != null) {
                for (List<?> name : altNames) {
                    names.add(normalize(String.valueOf(name.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }

    private static Set<String> normalized(Set<String> names) {
        Set<String> result = new HashSet<>();
        for (String name : names) {
            result.add(normalize(name));
        }
        return result;
    }

    /** IP addresses compare by value (the JDK prints {@code ::1} as {@code 0:0:0:0:0:0:0:1}). */
    private static String normalize(String name) {
        if (looksLikeIpAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static boolean looksLikeIpAddress(String name) {
        return name.contains(":") || IPV4.matcher(name).matches();
    }
}
