package dev.actionstream.runtime.server;

import io.netty.handler.codec.http.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Method + path pattern → {@link Route}. A pattern is literal segments and {@code {variable}} segments, e.g.
 * {@code /api/models/{name}/activate}; a variable matches exactly one non-empty segment. First match wins.
 */
public final class Router {

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public Router get(String pattern, Route route) {
        return add(HttpMethod.GET, pattern, route);
    }

    public Router post(String pattern, Route route) {
        return add(HttpMethod.POST, pattern, route);
    }

    public Router add(HttpMethod method, String pattern, Route route) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        entries.add(new Entry(method, segments(pattern), route));
        return this;
    }

    /** The outcome of routing one request: a route with its path variables, or why there is none. */
    public sealed interface Result permits Found, NotFound, MethodNotAllowed {
    }

    public record Found(Route route, Map<String, String> params) implements Result {
    }

    public record NotFound() implements Result {
    }

    public record MethodNotAllowed(Set<String> allowed) implements Result {
    }

    /**
     * {@code path} is already percent-decoded per segment by the caller's choice; this only splits and compares.
     * HEAD is answered by the GET route (the HTTP codec leaves the body out).
     */
    public Result route(HttpMethod method, String path) {
        String[] parts = segments(path);
        HttpMethod wanted = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
        Set<String> allowed = new TreeSet<>();
        for (Entry e : entries) {
            Map<String, String> params = e.match(parts);
            if (params != null) {
                if (e.method.equals(wanted)) {
                    return new Found(e.route, params);
                }
                allowed.add(e.method.name());
                if (HttpMethod.GET.equals(e.method)) {
                    allowed.add(HttpMethod.HEAD.name());
                }
            }
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private record Entry(HttpMethod method, String[] pattern, Route route) {
        Map<String, String> match(String[] parts) {
            if (parts.length != pattern.length) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < parts.length; i++) {
                String p = pattern[i];
                if (p.startsWith("{") && p.endsWith("}")) {
                    if (parts[i].isEmpty()) {
                        return null;
                    }
                    params.put(p.substring(1, p.length() - 1), parts[i]);
                } else if (!p.equals(parts[i])) {
                    return null;
                }
            }
            return params;
        }
    }
}
