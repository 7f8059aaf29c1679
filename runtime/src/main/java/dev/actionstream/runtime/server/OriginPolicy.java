package dev.actionstream.runtime.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a WebSocket here: the same origin (the Origin's host:port equals the Host header, so
 * the built-in live view always can) and the origins of {@code server.allowedOrigins}. A request without Origin comes
 * from a non-browser client (browsers always send it on WebSocket handshakes) and is allowed; the token, when
 * configured, still applies to it.
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalised = normalise(origin);
        if (normalised == null) {
            return false;
        }
        if (allowed.contains(normalised)) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String hostPort = normalised.substring(normalised.indexOf("://") + 3);
        String scheme = normalised.substring(0, normalised.indexOf("://"));
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (!h.contains(":") || h.endsWith("]")) {
            h = h + ":" + defaultPort(scheme);
        }
        return hostPort.equals(h);
    }

    /** {@code scheme://host:port} in lower case with the scheme's default port made explicit; null if unparsable. */
    static String normalise(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (Exception e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) || "wss".equals(scheme) ? 443 : 80;
    }
}
