package dev.hoist.agent.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's proxy for direct bundle downloads (presigned object-store URLs): the conventional
 * {@code HTTPS_PROXY} / {@code HTTP_PROXY} / {@code NO_PROXY} variables of the agent's environment (either
 * case; the systemd unit's {@code Environment=} lines), and where none is set, the JVM's own
 * ({@code -Dhttps.proxyHost=... -Dhttps.proxyPort=... -Dhttp.nonProxyHosts=...} in {@code HOIST_AGENT_OPTS},
 * or {@code -Djava.net.useSystemProxies=true}). The controller connection itself is mutual TLS straight to
 * the controller, as before.
 */
public final class ProxySettings extends ProxySelector {
    private final ProxySelector fallback;
    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    private ProxySettings(ProxySelector fallback, Proxy https, Proxy http, List<String> noProxy) {
        this.fallback = fallback;
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** From the process environment, falling back to the JVM's proxy properties. */
    public static ProxySettings fromEnvironment() {
        return from(System.getenv(), ProxySelector.getDefault());
    }

    static ProxySettings from(Map<String, String> env, ProxySelector fallback) {
        Proxy https = proxy(first(env, "HTTPS_PROXY", "https_proxy"));
        Proxy http = proxy(first(env, "HTTP_PROXY", "http_proxy"));
        String noProxy = first(env, "NO_PROXY", "no_proxy");
        List<String> exclusions = noProxy == null ? List.of() : Arrays.stream(noProxy.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return new ProxySettings(fallback, https, http, exclusions);
    }

    @Override
    public List<Proxy> select(URI uri) {
        Proxy configured = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (configured == null) {
            return fallback != null ? fallback.select(uri) : List.of(Proxy.NO_PROXY);
        }
        return excluded(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(configured);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        if (fallback != null) {
            fallback.connectFailed(uri, address, e);
        }
    }

    private boolean excluded(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String rule : noProxy) {
            if (rule.equals("*")) {
                return true;
            }
            String suffix = rule.startsWith(".") ? rule : "." + rule;
            if (h.equals(rule.replaceFirst("^\\.", "")) || h.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static Proxy proxy(String value) {
        if (value == null) {
            return null;
        }
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }
}
