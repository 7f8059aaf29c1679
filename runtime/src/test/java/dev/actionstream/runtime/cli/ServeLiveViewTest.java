package dev.actionstream.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.runtime.fixtures.TestModels;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} serves the live view: the page at {@code /} and each stream's overlaid MJPEG video. */
class ServeLiveViewTest {

    @TempDir
    Path dir;

    @Test
    void servesThePageAndFullResolutionMjpegOfEachStream() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--model", model.toString(), "--source", "door=synthetic:200x150@25", "--port", "0",
                "--models-dir", dir.resolve("models").toString(), "--execution-provider", "cpu", "--window"));
        int port = serve.awaitPort(30_000);
        assertTrue(port > 0, "serve did not start: " + out + err);
        try {
            if (GraphicsEnvironment.isHeadless()) {
                assertTrue(err.toString().contains("--window needs a display"), "a clear message, no crash: " + err);
            }
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/view/app.js"));
            HttpResponse<InputStream> video = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/streams/door/mjpeg")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (DataInputStream in = new DataInputStream(video.body())) {
                assertTrue(video.headers().firstValue("content-type").orElse("")
                        .startsWith("multipart/x-mixed-replace"));
                for (int i = 0; i < 3; i++) {
                    BufferedImage frame = ImageIO.read(new ByteArrayInputStream(nextPart(in)));
                    assertEquals(200, frame.getWidth());
                    assertEquals(150, frame.getHeight());
                }
            }
        } finally {
            serve.stop();
            assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        }
    }

    /** Reads one part: boundary line, headers up to the blank line, then Content-Length bytes. */
    private static byte[] nextPart(DataInputStream in) throws IOException {
        int length = -1;
        String line;
        do {
            line = line(in);
        } while (line.isEmpty());
        assertTrue(line.startsWith("--"), "a boundary: " + line);
        while (!(line = line(in)).isEmpty()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] jpeg = new byte[length];
        in.readFully(jpeg);
        return jpeg;
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("stream ended");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }
}
