package dev.hoist.controller.install;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The one line that installs, enrolls and starts an agent on a server, as {@code hoist token create}
 * prints it: {@code curl -fsSL URL/install/agent.sh | sudo sh -s -- --token T --ca-pin sha256:HEX}.
 */
public final class InstallLine {
    private final URI publicUrl;
    private final Supplier<String> gatewayAddress;

    /**
     * @param publicUrl the API's URL as servers reach it; {@code null}: the gateway's advertised host with
     *     the scheme and port the caller used
     * @param gatewayAddress {@code HOST:PORT} agents dial
     */
    public InstallLine(URI publicUrl, Supplier<String> gatewayAddress) {
        this.publicUrl = publicUrl;
        this.gatewayAddress = gatewayAddress;
    }

    public boolean hasPublicUrl() {
        return publicUrl != null;
    }

    /** The API's base URL for servers, without a trailing slash; {@code requestBase} is what the caller used. */
    public String baseUrl(URI requestBase) {
        if (publicUrl != null) {
            String text = publicUrl.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }
        String gateway = gatewayAddress.get();
        String host = hostOf(gateway);
        int port = requestBase.getPort() > 0 ? requestBase.getPort()
                : "https".equalsIgnoreCase(requestBase.getScheme()) ? 443 : 80;
        return requestBase.getScheme() + "://" + host + ":" + port;
    }

    public String command(URI requestBase, String token, String caPin) {
        return "curl -fsSL " + baseUrl(requestBase) + "/install/agent.sh | sudo sh -s -- --token " + token
                + " --ca-pin " + caPin;
    }

    /** The host of {@code HOST:PORT}, {@code [V6]:PORT} or a bare host. */
    static String hostOf(String address) {
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(0, end + 1) : address;
        }
        int colon = address.lastIndexOf(':');
        return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
    }
}
