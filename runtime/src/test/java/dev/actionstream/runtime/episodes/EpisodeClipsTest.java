package dev.actionstream.runtime.episodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.RuntimeConfig;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clips and snapshots of ended episodes from the real capture buffer of a stream that is red for 2 s, blue for 2 s:
 * what is in them is checked by decoding them, and their folder is kept within its budget.
 */
class EpisodeClipsTest {

    @TempDir
    Path dir;

    UnaryOperator<RuntimeConfig> clips(Path data, boolean captures) {
        return c -> {
            RuntimeConfig out = c.withEpisodes(c.episodes().withDataDir(data.toString())
                    .withClips(true, 1.0, 1.0, c.episodes().clipBudgetBytes()));
            return captures ? out.withCapture(RuntimeConfig.Capture.defaults().withEnabled(true)
                    .withDir(dir.resolve("datasets").toString())) : out;
        };
    }

    static JsonNode awaitClips(EpisodeServer server, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 40_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode page = EpisodeServer.json(server.get("/api/episodes").body());
            List<JsonNode> withClips = new ArrayList<>();
            page.get("episodes").forEach(e -> {
                if (!e.get("clip").isNull() && "gap".equals(e.get("endReason").asText())) {
                    withClips.add(e);
                }
            });
            if (withClips.size() >= count) {
                return withClips.get(0); // the newest: the first episode of a stream has no pre-roll
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " clips written within 40 s");
    }

    /** Red, blue, or neither, of an image's centre pixel. */
    static String colour(BufferedImage img) {
        int rgb = img.getRGB(img.getWidth() / 2, img.getHeight() / 2);
        int r = (rgb >> 16) & 0xff;
        int b = rgb & 0xff;
        return r > 150 && b < 100 ? "red" : b > 150 && r < 100 ? "blue" : "other";
    }

    @Test
    void anEndedEpisodeGetsAClipWithPreAndPostRollAndASnapshotOfItsAction() throws Exception {
        try (EpisodeServer server = EpisodeServer.start(dir, clips(dir.resolve("data"), false), "cam")) {
            JsonNode e = awaitClips(server, 2);
            String label = e.get("label").asText();

            HttpResponse<byte[]> snap = server.getBytes(e.get("snapshot").asText());
            assertEquals(200, snap.statusCode());
            assertEquals("image/jpeg", snap.headers().firstValue("Content-Type").orElse(""));
            BufferedImage peak = ImageIO.read(new ByteArrayInputStream(snap.body()));
            assertEquals(label, colour(peak), "the snapshot shows the episode's action");

            HttpResponse<byte[]> clip = server.getBytes(e.get("clip").asText());
            assertEquals(200, clip.statusCode());
            assertEquals("video/mp4", clip.headers().firstValue("Content-Type").orElse(""));
            Path mp4 = Files.write(dir.resolve("clip.mp4"), clip.body());
            List<String> colours = new ArrayList<>();
            double fps;
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile());
                 Java2DFrameConverter convert = new Java2DFrameConverter()) {
                g.start();
                Frame f;
                while ((f = g.grabImage()) != null) {
                    colours.add(colour(convert.convert(f)));
                }
                // The clip runs at the rate its frames were buffered at (frames the buffer dropped are not there).
                fps = g.getFrameRate();
                g.stop();
            }
            double seconds = colours.size() / fps;
            double expected = e.get("durationMs").asDouble() / 1000 + 2.0;
            assertTrue(Math.abs(seconds - expected) <= 0.6, "episode + 1 s pre-roll + 1 s post-roll: " + seconds
                    + " s for " + expected + " s");
            String other = label.equals("red") ? "blue" : "red";
            assertEquals(other, colours.get(2), "the pre-roll shows what came before");
            assertEquals(label, colours.get(colours.size() / 2), "the middle shows the action");
            assertEquals(other, colours.get(colours.size() - 3), "the post-roll what came after");
            assertEquals(404, server.get("/api/episodes/" + UUID.randomUUID() + "/clip.mp4").statusCode());
            assertEquals(404, server.get("/api/episodes/..%2F..%2Fetc/clip.mp4").statusCode());
        }
    }

    @Test
    void wrongSaveAsCopiesTheClipIntoACaptureDatasetUnderTheChosenLabel() throws Exception {
        try (EpisodeServer server = EpisodeServer.start(dir, clips(dir.resolve("data"), true), "cam")) {
            JsonNode e = awaitClips(server, 1);
            String id = e.get("id").asText();
            assertEquals(400, server.post("/api/episodes/" + id + "/save", "{\"label\":\"../x\"}").statusCode());
            HttpResponse<String> saved = server.post("/api/episodes/" + id + "/save",
                    "{\"label\":\"green\",\"dataset\":\"fixes\"}");
            assertEquals(201, saved.statusCode(), saved.body());
            JsonNode body = EpisodeServer.json(saved.body());
            assertEquals(e.get("label").asText(), body.get("modelLabel").asText());
            Path copy = dir.resolve("datasets").resolve("fixes").resolve("green").resolve(body.get("file").asText());
            assertTrue(Files.size(copy) > 0);
            assertEquals(Files.size(dir.resolve("data/clips/" + id + ".mp4")), Files.size(copy), "the same clip");
            JsonNode listed = EpisodeServer.json(server.get("/api/captures").body());
            JsonNode entry = listed.get("datasets").get("fixes").get("green").get(0);
            assertEquals(body.get("file").asText(), entry.get("file").asText(), "the captures list it");
            assertEquals("cam", entry.get("stream").asText(), "with its sidecar: stream, frames, what the model said");
            assertTrue(entry.get("frames").asInt() > 25, entry.toString());
            assertEquals(e.get("label").asText(), entry.get("liveLabel").asText());
        }
    }

    @Test
    void savingNeedsCaptures() throws Exception {
        try (EpisodeServer server = EpisodeServer.start(dir, clips(dir.resolve("data"), false), "cam")) {
            JsonNode e = awaitClips(server, 1);
            HttpResponse<String> res = server.post("/api/episodes/" + e.get("id").asText() + "/save",
                    "{\"label\":\"green\"}");
            assertEquals(403, res.statusCode());
            assertTrue(res.body().contains("--captures"), res.body());
        }
    }

    @Test
    void theFolderIsKeptWithinItsBudgetOldestFirst() throws Exception {
        Path data = dir.resolve("data");
        RuntimeConfig.Episodes config = RuntimeConfig.Episodes.defaults().withDataDir(data.toString())
                .withClips(true, 1, 1, 1L << 20);
        try (EpisodeClips clips = new EpisodeClips(config, s -> null)) {
            Path folder = Files.createDirectories(clips.dir());
            List<String> ids = new ArrayList<>();
            long t = System.currentTimeMillis() - 100_000;
            for (int i = 0; i < 8; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                Path clip = Files.write(folder.resolve(id + ".mp4"), new byte[200_000]);
                Path snap = Files.write(folder.resolve(id + ".jpg"), new byte[10_000]);
                Files.setLastModifiedTime(clip, FileTime.fromMillis(t + i * 1000));
                Files.setLastModifiedTime(snap, FileTime.fromMillis(t + i * 1000));
            }
            clips.enforceBudget();
            long total;
            try (Stream<Path> files = Files.list(folder)) {
                total = files.mapToLong(p -> p.toFile().length()).sum();
            }
            assertTrue(total <= 1L << 20, "within 1 MiB: " + total);
            assertFalse(clips.hasClip(ids.get(0)), "the oldest went first");
            assertFalse(clips.hasClip(ids.get(2)));
            assertTrue(clips.hasClip(ids.get(7)) && clips.hasSnapshot(ids.get(7)), "the newest stays");
            assertTrue(clips.hasClip(ids.get(4)));
            assertEquals(7, clips.evicted(), "8 x 210 kB down to 1 MiB: three pairs and one snapshot");
            assertTrue(clips.hasClip(ids.get(3)) && !clips.hasSnapshot(ids.get(3)));
        }
    }

    @Test
    void episodesTheHistoryDropsLoseTheirClips() throws Exception {
        Path data = dir.resolve("data");
        RuntimeConfig.Episodes config = RuntimeConfig.Episodes.defaults().withDataDir(data.toString())
                .withRetention(30, 2);
        try (EpisodeClips clips = new EpisodeClips(config, s -> null);
             EpisodeHistory history = EpisodeHistory.open(config)) {
            history.onDeleted(clips::delete);
            Files.createDirectories(clips.dir());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Episode e = EpisodeHistoryTest.episode("cam", "walking", System.currentTimeMillis() + i);
                ids.add(e.id());
                Files.write(clips.dir().resolve(e.id() + ".mp4"), new byte[100]);
                EpisodeHistoryTest.end(history, e);
            }
            assertEquals(2L, EpisodeHistoryTest.get(history.count()));
            long deadline = System.currentTimeMillis() + 5_000;
            while (clips.hasClip(ids.get(0)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(clips.hasClip(ids.get(0)), "the dropped episode's clip is gone");
            assertTrue(clips.hasClip(ids.get(1)) && clips.hasClip(ids.get(2)));
        }
    }
}
