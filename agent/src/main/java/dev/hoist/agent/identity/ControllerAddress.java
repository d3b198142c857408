package dev.hoist.agent.identity;

/** Where the controller's gateway listens: {@code HOST:PORT} ({@code [v6-address]:PORT} for IPv6). */
public record ControllerAddress(String host, int port) {

    public ControllerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the controller address has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
    }

    /**
     * Parses {@code HOST:PORT}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static ControllerAddress parse(String text) {
        String value = text == null ? "" : text.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not a controller address: expected HOST:PORT, "
                    + "e.g. hoist.example.org:8443");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is ambiguous: write an IPv6 address in brackets, "
                    + "e.g. [::1]:8443");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value.substring(colon + 1) + "' in '" + text
                    + "' is not a port number");
        }
        return new ControllerAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
