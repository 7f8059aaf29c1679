package dev.actionstream.runtime.episodes;

import dev.actionstream.config.Json;
import dev.actionstream.runtime.capture.CaptureNames;
import dev.actionstream.runtime.capture.CaptureRefusedException;
import dev.actionstream.runtime.capture.ClipSidecar;
import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/episodes/{id}/clip.mp4} and {@code /snapshot.jpg}, and {@code POST /api/episodes/{id}/save}
 * ("wrong? save as"). Files are read and copied on {@code episode-files} (a few queued, more are answered 503), so
 * neither the event loop nor a clip being encoded waits for the other.
 */
public final class EpisodeClipRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeClipRoutes.class);
    static final int FILE_TASK_QUEUE = 16;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final EpisodeClips clips;
    private final EpisodeHistory history;
    /** The captures' datasets root, or null when captures are disabled (saving is then refused). */
    private final Path datasets;
    private final ThreadPoolExecutor files;

    /**
     * @param history  finds the episode a clip is saved from
     * @param datasets where "save as" copies clips ({@code capture.dir}), or null when captures are off
     */
    public EpisodeClipRoutes(EpisodeClips clips, EpisodeHistory history, Path datasets) {
        this.clips = Objects.requireNonNull(clips, "clips");
        this.history = Objects.requireNonNull(history, "history");
        this.datasets = datasets;
        this.files = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(FILE_TASK_QUEUE), new DefaultThreadFactory("episode-files", true));
    }

    void register(Router router) {
        router.get("/api/episodes/{id}/clip.mp4", ex -> serve(ex, EpisodeClips.CLIP, "video/mp4"))
                .get("/api/episodes/{id}/snapshot.jpg", ex -> serve(ex, EpisodeClips.SNAPSHOT, "image/jpeg"))
                .post("/api/episodes/{id}/save", ex -> save(ex));
    }

    private void serve(HttpExchange ex, String suffix, String type) {
        String id = ex.pathParam("id");
        if (!EpisodeClips.isId(id)) {
            ex.respond(HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no episode " + id));
            return;
        }
        Path file = clips.dir().resolve(id + suffix);
        onFiles(ex, () -> {
            try {
                return HttpResponses.bytes(HttpResponseStatus.OK, type, Files.readAllBytes(file));
            } catch (NoSuchFileException e) {
                return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "episode " + id + " has no "
                        + (suffix.equals(EpisodeClips.CLIP) ? "clip" : "snapshot") + " (not written yet, too little buffered, or "
                        + "deleted for episodes.clipBudgetBytes)");
            }
        });
    }

    /**
     * {@code POST /api/episodes/{id}/save {"label": "...", "dataset": "captures"}}: copies the episode's clip into
     * {@code capture.dir/<dataset>/<label>/}, where the trainer finds it: "the model said running; it was walking".
     */
    private void save(HttpExchange ex) {
        if (datasets == null) {
            ex.respond(HttpResponses.error(HttpResponseStatus.FORBIDDEN, "saving clips into a dataset needs "
                    + "captures: start serve with --captures or set capture.enabled: true"));
            return;
        }
        String id = ex.pathParam("id");
        String label;
        String dataset;
        try {
            JsonNode body = Json.MAPPER.readTree(ex.body());
            if (body == null || !body.isObject()) {
                throw new CaptureRefusedException(400, "body must be a JSON object: {\"label\":\"walking\"}");
            }
            label = CaptureNames.check("label", body.path("label").isTextual() ? body.get("label").asText() : null);
            dataset = CaptureNames.check("dataset", body.path("dataset").asText("captures"));
        } catch (IOException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "body is not JSON: " + e.getMessage()));
            return;
        } catch (CaptureRefusedException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.valueOf(e.status()), e.getMessage()));
            return;
        }
        if (!clips.hasClip(id)) {
            ex.respond(HttpResponses.error(HttpResponseStatus.NOT_FOUND, "episode " + id + " has no clip to save"));
            return;
        }
        history.get(id).whenComplete((episode, error) -> {
            if (error != null || episode == null) {
                ex.respond(error != null ? EpisodeRoutes.failure(error.getCause() != null ? error.getCause() : error)
                        : HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no ended episode " + id));
                return;
            }
            onFiles(ex, () -> {
                Path folder = datasets.resolve(dataset).resolve(label);
                Files.createDirectories(folder);
                String base = episode.stream() + "-" + TIME.format(Instant.ofEpochMilli(episode.startMs()))
                        + "-episode";
                Path target = folder.resolve(base + EpisodeClips.CLIP);
                for (int i = 1; Files.exists(target); i++) {
                    target = folder.resolve(base + "-" + i + EpisodeClips.CLIP);
                }
                Path temp = folder.resolve("." + target.getFileName() + ".tmp");
                Files.copy(clips.dir().resolve(id + EpisodeClips.CLIP), temp, StandardCopyOption.REPLACE_EXISTING);
                EpisodeClips.move(temp, target);
                writeSidecar(id, dataset, label, target);
                Map<String, Object> saved = new LinkedHashMap<>();
                saved.put("dataset", dataset);
                saved.put("label", label);
                saved.put("file", target.getFileName().toString());
                saved.put("episode", id);
                saved.put("modelLabel", episode.label());
                LOG.info("episode {} ({} on {}) saved as {}/{}/{}", id, episode.label(), episode.stream(), dataset,
                        label, target.getFileName());
                return HttpResponses.json(HttpResponseStatus.CREATED, saved);
            });
        });
    }

    /**
     * The capture sidecar of a saved clip, so the captures list shows it with its stream (the live label is what the
     * model said: the episode's label and peak confidence). Clips written before sidecars existed get none.
     */
    private void writeSidecar(String id, String dataset, String label, Path target) throws IOException {
        Path meta = clips.dir().resolve(id + EpisodeClips.SIDECAR);
        if (!Files.isRegularFile(meta)) {
            return;
        }
        ClipSidecar m = Json.MAPPER.readValue(meta.toFile(), ClipSidecar.class);
        String file = target.getFileName().toString();
        ClipSidecar saved = new ClipSidecar(dataset, label, file, m.stream(), m.start(), m.end(), m.startTime(),
                m.fps(), m.frames(), m.firstFrame(), m.lastFrame(), m.width(), m.height(), m.codec(), m.modelName(),
                m.modelVersion(), m.liveLabel(), m.liveConfidence(), Files.size(target));
        Path sidecar = target.resolveSibling(file.substring(0, file.length() - EpisodeClips.CLIP.length()) + EpisodeClips.SIDECAR);
        Path temp = target.resolveSibling("." + sidecar.getFileName() + ".tmp");
        Files.write(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(saved));
        EpisodeClips.move(temp, sidecar);
    }

    private interface FileWork {
        FullHttpResponse run() throws IOException;
    }

    private void onFiles(HttpExchange ex, FileWork work) {
        try {
            files.execute(() -> {
                try {
                    ex.respond(work.run());
                } catch (IOException | RuntimeException e) {
                    ex.respond(HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString()));
                }
            });
        } catch (RejectedExecutionException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "episode files busy; retry later"));
        }
    }

    @Override
    public void close() {
        files.shutdown();
        try {
            files.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
