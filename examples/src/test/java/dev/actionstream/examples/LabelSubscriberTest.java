package dev.actionstream.examples;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.WindowSpan;
import dev.actionstream.runtime.events.ModelRef;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.status.RuntimeStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped Java subscriber works against a real runtime server. */
class LabelSubscriberTest {

    private static final class NoModels implements ModelControl {
        @Override
        public List<ModelInfo> models() {
            return List.of();
        }

        @Override
        public ModelInfo install(String fileName, Path uploaded) throws ModelRejectedException {
            throw new ModelRejectedException("not in this test");
        }

        @Override
        public ModelInfo activate(String name) throws ModelRejectedException {
            throw new ModelRejectedException("not in this test");
        }
    }

    @Test
    void printsOneLinePerEvent() throws Exception {
        RuntimeStatus.Source status = () -> new RuntimeStatus(List.of(), null, "CPU", 0, List.of(), 0);
        try (EventServer server = new EventServer(RuntimeConfig.Server.defaults().withPort(0), status, new NoModels(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            server.start();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            LabelSubscriber subscriber = new LabelSubscriber(new PrintStream(bytes, true, StandardCharsets.UTF_8), 3);
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?stream=cam1"), subscriber).join();
            long deadline = System.currentTimeMillis() + 10_000;
            while (server.subscriberCount() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            for (int i = 1; i <= 3; i++) {
                server.sink().onLabel(event("cam2", i, "boxing"));
                server.sink().onLabel(event("cam1", i, i < 3 ? "walking" : "running"));
            }
            assertTrue(subscriber.await(10_000), "three events for cam1 arrive");
            ws.abort();
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("cam1 #1 frame 10: walking (90 %, change"), printed);
            assertTrue(printed.contains("cam1 #3 frame 30: running"), printed);
            assertTrue(!printed.contains("cam2"), "the stream filter applies: " + printed);
        }
    }

    private static LabelEvent event(String stream, long seq, String label) {
        return new LabelEvent(stream, seq, new WindowSpan(seq * 10 - 9, seq * 10, System.currentTimeMillis()), label,
                0.9, false, LabelEvent.Reason.CHANGE,
                List.of(new LabelEvent.LabelScore(label, 0.9), new LabelEvent.LabelScore("other", 0.1)),
                new ModelRef("lrcn-synthetic", "1", "CPU"), 12.5);
    }
}
