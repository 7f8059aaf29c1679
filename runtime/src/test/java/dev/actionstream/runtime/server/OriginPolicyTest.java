package dev.actionstream.runtime.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy sameOrigin = new OriginPolicy(List.of());
    private final OriginPolicy allowList = new OriginPolicy(List.of("https://dash.example.com", "http://localhost:3000"));

    @Test
    void sameOriginAllowsAPageServedByThisServer() {
        assertTrue(sameOrigin.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(sameOrigin.allows("http://LOCALHOST:8080", "localhost:8080"));
        assertTrue(sameOrigin.allows("http://cam.local", "cam.local:80"));
        assertTrue(sameOrigin.allows("http://cam.local:80", "cam.local"));
    }

    @Test
    void sameOriginRefusesOtherSites() {
        assertFalse(sameOrigin.allows("http://evil.example", "127.0.0.1:8080"));
        assertFalse(sameOrigin.allows("http://127.0.0.1:9999", "127.0.0.1:8080"));
        assertFalse(sameOrigin.allows("null", "127.0.0.1:8080"));
        assertFalse(sameOrigin.allows("http://127.0.0.1:8080", null));
        assertFalse(sameOrigin.allows("not a url", "127.0.0.1:8080"));
    }

    @Test
    void allowListAddsListedOriginsToTheSameOrigin() {
        assertTrue(allowList.allows("https://dash.example.com", "127.0.0.1:8080"));
        assertTrue(allowList.allows("https://dash.example.com:443", "127.0.0.1:8080"));
        assertTrue(allowList.allows("http://localhost:3000", "127.0.0.1:8080"));
        assertFalse(allowList.allows("http://dash.example.com", "127.0.0.1:8080"));
        assertFalse(allowList.allows("http://127.0.0.1:9999", "127.0.0.1:8080"));
        // The live view's own page: its origin is the Host it was served from.
        assertTrue(allowList.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
    }

    @Test
    void nonBrowserClientsWithoutOriginAreAllowed() {
        assertTrue(sameOrigin.allows(null, "127.0.0.1:8080"));
        assertTrue(allowList.allows(null, "127.0.0.1:8080"));
    }
}
