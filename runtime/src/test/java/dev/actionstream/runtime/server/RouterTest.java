package dev.actionstream.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Route status = ex -> { };
    private final Route activate = ex -> { };
    private final Route mjpeg = ex -> { };
    private final Router router = new Router()
            .get("/api/status", status)
            .post("/api/models/{name}/activate", activate)
            .get("/streams/{name}/mjpeg", mjpeg);

    @Test
    void matchesLiteralPaths() {
        Router.Found found = assertInstanceOf(Router.Found.class, router.route(HttpMethod.GET, "/api/status"));
        assertSame(status, found.route());
        assertEquals(Map.of(), found.params());
        assertInstanceOf(Router.Found.class, router.route(HttpMethod.GET, "/api/status/"));
    }

    @Test
    void bindsPathVariables() {
        Router.Found found = assertInstanceOf(Router.Found.class,
                router.route(HttpMethod.POST, "/api/models/lrcn.onnx/activate"));
        assertSame(activate, found.route());
        assertEquals(Map.of("name", "lrcn.onnx"), found.params());
        Router.Found stream = assertInstanceOf(Router.Found.class, router.route(HttpMethod.GET, "/streams/cam1/mjpeg"));
        assertEquals("cam1", stream.params().get("name"));
    }

    @Test
    void unknownPathsAreNotFound() {
        assertInstanceOf(Router.NotFound.class, router.route(HttpMethod.GET, "/"));
        assertInstanceOf(Router.NotFound.class, router.route(HttpMethod.GET, "/api/status/extra"));
        assertInstanceOf(Router.NotFound.class, router.route(HttpMethod.POST, "/api/models//activate"));
    }

    @Test
    void knownPathWithWrongMethodListsTheAllowedOnes() {
        Router.MethodNotAllowed r = assertInstanceOf(Router.MethodNotAllowed.class,
                router.route(HttpMethod.DELETE, "/api/status"));
        assertEquals(Set.of("GET", "HEAD"), r.allowed());
    }

    @Test
    void refusesPatternsWithoutLeadingSlash() {
        assertThrows(IllegalArgumentException.class, () -> router.get("api", status));
    }
}
