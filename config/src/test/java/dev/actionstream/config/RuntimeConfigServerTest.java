package dev.actionstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeConfigServerTest {

    @TempDir
    Path dir;

    @Test
    void connectionLimitsAndRequestDeadlinesLoadFromTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("serve.yaml"), """
                server:
                  maxConnections: 100
                  maxConnectionsPerAddress: 20
                  maxPendingConnections: 10
                  requestHeaderTimeoutMillis: 2000
                  requestBodyTimeoutMillis: 3000
                  minRequestBodyBytesPerSecond: 500
                """);
        RuntimeConfig.Server s = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()).server();
        assertEquals(100, s.maxConnections());
        assertEquals(20, s.maxConnectionsPerAddress());
        assertEquals(10, s.maxPendingConnections());
        assertEquals(2000, s.requestHeaderTimeoutMillis());
        assertEquals(3000, s.requestBodyTimeoutMillis());
        assertEquals(500, s.minRequestBodyBytesPerSecond());
    }

    @Test
    void theWithersKeepTheLimitsAFileSet() {
        RuntimeConfig.Server s = RuntimeConfig.Server.defaults().withConnectionLimits(100, 20, 10)
                .withRequestDeadlines(2000, 3000, 500).withPort(0).withBind("0.0.0.0").withAuthToken("t");
        assertEquals(20, s.maxConnectionsPerAddress());
        assertEquals(10, s.maxPendingConnections());
        assertEquals(500, s.minRequestBodyBytesPerSecond());
    }

    @Test
    void rejectsLimitsThatCannotWork() {
        RuntimeConfig.Server d = RuntimeConfig.Server.defaults();
        var perAddress = assertThrows(IllegalArgumentException.class, () -> d.withConnectionLimits(100, 101, 10));
        assertTrue(perAddress.getMessage().contains("server.maxConnectionsPerAddress"), perAddress.getMessage());
        var pending = assertThrows(IllegalArgumentException.class, () -> d.withConnectionLimits(100, 10, 0));
        assertTrue(pending.getMessage().contains("server.maxPendingConnections"), pending.getMessage());
        var header = assertThrows(IllegalArgumentException.class, () -> d.withRequestDeadlines(0, 1000, 1));
        assertTrue(header.getMessage().contains("server.requestHeaderTimeoutMillis"), header.getMessage());
        var rate = assertThrows(IllegalArgumentException.class, () -> d.withRequestDeadlines(1000, 1000, 0));
        assertTrue(rate.getMessage().contains("server.minRequestBodyBytesPerSecond"), rate.getMessage());
    }
}
