package dev.actionstream.runtime.episodes;

import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.capture.ClipSidecar;
import dev.actionstream.runtime.capture.ClipStore;
import dev.actionstream.runtime.capture.PreRollBuffer;
import dev.actionstream.runtime.capture.StoredFrame;
import dev.actionstream.synth.video.Mp4ClipWriter;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A clip ({@code <dataDir>/clips/<id>.mp4}: pre-roll, the episode, post-roll) and a snapshot ({@code <id>.jpg}: the
 * buffered frame nearest the episode's peak) of each ended episode, from the stream's capture buffer. Written on
 * {@code episode-clips} once the post-roll has been buffered, never on the thread that ended the episode; after each
 * write the folder is brought under {@code episodes.clipBudgetBytes}, oldest first. {@link EpisodeClipRoutes} serves
 * them.
 */
public final class EpisodeClips implements EpisodeSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeClips.class);
    static final String CLIP = ".mp4";
    static final String SNAPSHOT = ".jpg";
    /** What the clip holds (a capture sidecar without dataset and label), copied beside it when it is saved. */
    static final String SIDECAR = ".json";
    /** After the post-roll's end, how long to wait for its last frame to be compressed into the buffer. */
    static final long SETTLE_MILLIS = 300;
    static final int MAX_PENDING = 64;
    /** Episode ids are UUIDs: nothing else may reach a path. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final RuntimeConfig.Episodes config;
    private final Function<String, PreRollBuffer> buffers;
    private final Path dir;
    private final ScheduledThreadPoolExecutor writer;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();

    /**
     * @param buffers  the capture buffer of a stream, or null for a stream without one
     */
    public EpisodeClips(RuntimeConfig.Episodes config, Function<String, PreRollBuffer> buffers) {
        this.config = Objects.requireNonNull(config, "config");
        this.buffers = Objects.requireNonNull(buffers, "buffers");
        this.dir = Path.of(config.dataDir()).resolve("clips");
        this.writer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("episode-clips", true));
    }

    Path dir() {
        return dir;
    }

    @Override
    public void onEpisode(EpisodeEvent event) {
        if (event.phase() != EpisodeEvent.Phase.END) {
            return;
        }
        Episode e = event.episode();
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            skipped.incrementAndGet();
            LOG.warn("episode clips: {} waiting; no clip for episode {} of {}", MAX_PENDING, e.id(), e.stream());
            return;
        }
        long due = e.endMs() + Math.round(config.postRollSeconds() * 1000) + SETTLE_MILLIS;
        long delay = Math.max(0, due - System.currentTimeMillis());
        try {
            writer.schedule(() -> write(e), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            pending.decrementAndGet();
        }
    }

    private void write(Episode e) {
        try {
            PreRollBuffer buffer = buffers.apply(e.stream());
            if (buffer == null) {
                return;
            }
            long to = e.endMs() + Math.round(config.postRollSeconds() * 1000);
            long from = Math.max(e.startMs() - Math.round(config.preRollSeconds() * 1000),
                    to - Math.round(config.maxClipSeconds() * 1000));
            List<StoredFrame> frames = buffer.copy(from, to);
            if (frames.size() < 2) {
                skipped.incrementAndGet();
                LOG.info("episode {} of {}: {} buffered frame(s) left for its clip; none written", e.id(),
                        e.stream(), frames.size());
                return;
            }
            Files.createDirectories(dir);
            writeSnapshot(e, frames);
            writeClip(e, frames);
            written.incrementAndGet();
            enforceBudget();
        } catch (IOException | RuntimeException ex) {
            skipped.incrementAndGet();
            LOG.error("episode {} of {}: clip not written: {}", e.id(), e.stream(), ex.toString());
        } finally {
            pending.decrementAndGet();
        }
    }

    private void writeSnapshot(Episode e, List<StoredFrame> frames) throws IOException {
        StoredFrame peak = frames.get(0);
        for (StoredFrame f : frames) {
            if (Math.abs(f.captureMillis() - e.peakMs()) < Math.abs(peak.captureMillis() - e.peakMs())) {
                peak = f;
            }
        }
        // The buffer holds JPEG already: the snapshot is that frame's bytes, not a re-encoding.
        Path temp = dir.resolve("." + e.id() + SNAPSHOT + ".tmp");
        Files.write(temp, peak.jpeg());
        move(temp, dir.resolve(e.id() + SNAPSHOT));
    }

    private void writeClip(Episode e, List<StoredFrame> frames) throws IOException {
        Path temp = dir.resolve("." + e.id() + CLIP + ".tmp");
        try {
            BufferedImage first = ClipStore.decode(frames.get(0));
            double fps = ClipStore.rate(frames);
            String codec;
            try (Mp4ClipWriter mp4 = new Mp4ClipWriter(temp, first.getWidth(), first.getHeight(), fps)) {
                codec = mp4.codecName();
                mp4.write(first);
                for (int i = 1; i < frames.size(); i++) {
                    mp4.write(ClipStore.decode(frames.get(i)));
                }
            }
            StoredFrame a = frames.get(0);
            StoredFrame z = frames.get(frames.size() - 1);
            ClipSidecar meta = new ClipSidecar(null, null, null, e.stream(), a.captureMillis(), z.captureMillis(),
                    Instant.ofEpochMilli(a.captureMillis()).toString(), fps, frames.size(), a.frameIndex(),
                    z.frameIndex(), first.getWidth(), first.getHeight(), codec, e.modelName(), e.modelVersion(),
                    e.label(), e.peakConfidence(), Files.size(temp));
            Files.write(dir.resolve(e.id() + SIDECAR), Json.MAPPER.writeValueAsBytes(meta));
            move(temp, dir.resolve(e.id() + CLIP));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes the oldest clips and snapshots until the folder is within the budget. */
    void enforceBudget() throws IOException {
        List<Path> all = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && (name.endsWith(CLIP) || name.endsWith(SNAPSHOT))) {
                    all.add(p);
                    total += Files.size(p);
                }
            }
        }
        if (total <= config.clipBudgetBytes()) {
            return;
        }
        all.sort(Comparator.comparingLong(EpisodeClips::modified).thenComparing(Path::toString));
        for (Path p : all) {
            if (total <= config.clipBudgetBytes()) {
                break;
            }
            long size = Files.size(p);
            Files.deleteIfExists(p);
            if (p.getFileName().toString().endsWith(CLIP)) {
                String name = p.getFileName().toString();
                Files.deleteIfExists(p.resolveSibling(name.substring(0, name.length() - CLIP.length()) + SIDECAR));
            }
            total -= size;
            evicted.incrementAndGet();
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Deletes the clips and snapshots of episodes the history no longer keeps. */
    public void delete(List<String> ids) {
        try {
            writer.execute(() -> {
                for (String id : ids) {
                    if (ID.matcher(id).matches()) {
                        try {
                            Files.deleteIfExists(dir.resolve(id + CLIP));
                            Files.deleteIfExists(dir.resolve(id + SNAPSHOT));
                            Files.deleteIfExists(dir.resolve(id + SIDECAR));
                        } catch (IOException e) {
                            LOG.warn("cannot delete the clip of episode {}: {}", id, e.toString());
                        }
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            // Retention runs again at the next start.
        }
    }

    /** Whether {@code id} has the form of an episode id (and so can name a file). */
    static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    boolean hasClip(String id) {
        return ID.matcher(id).matches() && Files.isRegularFile(dir.resolve(id + CLIP));
    }

    boolean hasSnapshot(String id) {
        return ID.matcher(id).matches() && Files.isRegularFile(dir.resolve(id + SNAPSHOT));
    }

    /** Clips written, episodes left without one, and files deleted for the budget, since the start. */
    public long written() {
        return written.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public long evicted() {
        return evicted.get();
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Writes every clip still waiting, each when its post-roll is due (at most {@code postRollSeconds} more: the
     * episodes the shutdown ended get their clips, with what was buffered), then stops.
     */
    @Override
    public void close() {
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
