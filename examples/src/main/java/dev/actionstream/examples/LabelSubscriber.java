package dev.actionstream.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A complete label-event subscriber using only the JDK's WebSocket client and Jackson: prints one line per event.
 *
 * <pre>
 * java -cp ... dev.actionstream.examples.LabelSubscriber ws://127.0.0.1:8080/ws?stream=cam1 [maxEvents]
 * </pre>
 */
public final class LabelSubscriber implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final CountDownLatch remaining;
    private final StringBuilder partial = new StringBuilder();

    public LabelSubscriber(PrintStream out, int maxEvents) {
        this.out = out;
        this.remaining = new CountDownLatch(maxEvents);
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "ws://127.0.0.1:8080/ws";
        int max = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        LabelSubscriber subscriber = new LabelSubscriber(System.out, max);
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), subscriber).join();
        subscriber.await(Long.MAX_VALUE);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /** Waits until maxEvents events were printed; false on timeout. */
    public boolean await(long millis) throws InterruptedException {
        return remaining.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            print(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return CompletableFuture.completedFuture(null);
    }

    private void print(String json) {
        try {
            JsonNode e = JSON.readTree(json);
            out.printf("%s #%d frame %d: %s (%.0f %%, %s, %.1f ms) by %s %s%n", e.get("stream").asText(),
                    e.get("sequence").asLong(), e.get("frameIndex").asLong(), e.get("label").asText(),
                    e.get("confidence").asDouble() * 100, e.get("reason").asText(), e.get("latencyMs").asDouble(),
                    e.get("modelName").asText(), e.get("modelVersion").asText());
            remaining.countDown();
        } catch (Exception ex) {
            out.println("unreadable event: " + ex.getMessage());
        }
    }
}
