package dev.actionstream.runtime.capture;

import dev.actionstream.config.Json;
import dev.actionstream.synth.video.Mp4ClipWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The datasets folder in the UCF layout: {@code root/<dataset>/<label>/<stream>-<time>.mp4}, each clip with its
 * {@code .json} sidecar. A clip is written under a hidden temporary name in its own folder (which the trainer skips)
 * and moved into place, sidecar last; a failure removes what was written. Runs on the capture threads only.
 */
public final class ClipStore {

    private static final Logger LOG = LoggerFactory.getLogger(ClipStore.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    static final String CLIP = ".mp4";
    static final String SIDECAR = ".json";

    private final Path root;
    private final long minFreeBytes;

    ClipStore(Path root, long minFreeBytes) {
        this.root = Objects.requireNonNull(root, "root");
        this.minFreeBytes = minFreeBytes;
    }

    Path root() {
        return root;
    }

    /** What the clip's sidecar says besides what writing it finds out (file, fps, size, bytes). */
    record Context(String dataset, String label, String stream, String modelName, String modelVersion,
                   String liveLabel, double liveConfidence) {
    }

    /**
     * Writes {@code frames} (at least two, oldest first) as one clip.
     *
     * @throws CaptureRefusedException 507 when the disk is (about to be) full, 500 when writing fails otherwise
     */
    ClipSidecar write(Context c, List<StoredFrame> frames) throws CaptureRefusedException {
        Path folder = root.resolve(c.dataset()).resolve(c.label());
        long estimate = frames.stream().mapToLong(f -> f.jpeg().length).sum() * 2;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CaptureRefusedException(500, "cannot create " + folder + ": " + e);
        }
        checkFreeSpace(folder, estimate);
        StoredFrame first = frames.get(0);
        StoredFrame last = frames.get(frames.size() - 1);
        String base = uniqueBase(folder, c.stream() + "-" + TIME.format(Instant.ofEpochMilli(first.captureMillis())));
        Path clip = folder.resolve(base + CLIP);
        Path sidecar = folder.resolve(base + SIDECAR);
        Path clipTemp = folder.resolve("." + base + CLIP + ".tmp");
        Path sidecarTemp = folder.resolve("." + base + SIDECAR + ".tmp");
        double fps = rate(frames);
        try {
            BufferedImage firstImage = decode(first);
            String codec;
            try (Mp4ClipWriter writer = new Mp4ClipWriter(clipTemp, firstImage.getWidth(), firstImage.getHeight(),
                    fps)) {
                codec = writer.codecName();
                writer.write(firstImage);
                for (int i = 1; i < frames.size(); i++) {
                    writer.write(decode(frames.get(i)));
                }
            }
            ClipSidecar meta = new ClipSidecar(c.dataset(), c.label(), clip.getFileName().toString(), c.stream(),
                    first.captureMillis(), last.captureMillis(), Instant.ofEpochMilli(first.captureMillis()).toString(),
                    fps, frames.size(), first.frameIndex(), last.frameIndex(), firstImage.getWidth(),
                    firstImage.getHeight(), codec, c.modelName(), c.modelVersion(), c.liveLabel(),
                    c.liveConfidence(), Files.size(clipTemp));
            Files.write(sidecarTemp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
            move(clipTemp, clip);
            try {
                move(sidecarTemp, sidecar);
            } catch (IOException e) {
                Files.deleteIfExists(clip);
                throw e;
            }
            return meta;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(clipTemp);
            deleteQuietly(sidecarTemp);
            LOG.error("capture of {} into {} failed", c.stream(), folder, e);
            boolean full = isDiskFull(e) || freeBytes(folder) < minFreeBytes + estimate;
            throw new CaptureRefusedException(full ? 507 : 500, (full ? "disk full: " : "writing the clip failed: ")
                    + e.getMessage() + " (nothing was kept)", e);
        }
    }

    private void checkFreeSpace(Path folder, long estimate) throws CaptureRefusedException {
        long free = freeBytes(folder);
        if (free - estimate < minFreeBytes) {
            throw new CaptureRefusedException(507, "not enough disk space in " + folder + ": " + (free >> 20)
                    + " MiB free, the clip needs about " + Math.max(1, estimate >> 20) + " MiB and "
                    + (minFreeBytes >> 20) + " MiB must stay free (capture.minFreeBytes)");
        }
    }

    private static long freeBytes(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase();
            if (m.contains("no space left") || m.contains("disk full") || m.contains("quota")) {
                return true;
            }
        }
        return false;
    }

    private static String uniqueBase(Path folder, String base) {
        String candidate = base;
        for (int i = 1; Files.exists(folder.resolve(candidate + CLIP)); i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }

    /**
     * The stream's rate over these frames, snapped to a whole number within 2 % (cameras run at 25, 30...). It comes
     * from the frames' presentation times, the source's own clock, which frames arriving late on a loaded machine do
     * not disturb; from their capture times when presentation time restarts inside the clip (a reconnect, a loop).
     */
    public static double rate(List<StoredFrame> frames) {
        StoredFrame first = frames.get(0);
        StoredFrame last = frames.get(frames.size() - 1);
        double seconds = advancing(frames) ? (last.mediaMicros() - first.mediaMicros()) / 1e6
                : (last.captureMillis() - first.captureMillis()) / 1e3;
        double fps = seconds <= 0 ? 25 : (frames.size() - 1) / seconds;
        double whole = Math.rint(fps);
        if (whole > 0 && Math.abs(fps - whole) / whole < 0.02) {
            fps = whole;
        }
        return Math.max(1, Math.min(120, fps));
    }

    private static boolean advancing(List<StoredFrame> frames) {
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).mediaMicros() <= frames.get(i - 1).mediaMicros()) {
                return false;
            }
        }
        return true;
    }

    /** A buffered frame as the BGR image the clip writers take. */
    public static BufferedImage decode(StoredFrame f) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.jpeg()));
        if (img == null) {
            throw new IOException("frame " + f.frameIndex() + " of the buffer is not a readable JPEG");
        }
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return img;
        }
        BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(img, 0, 0, null);
        return bgr;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot remove temporary file {}: {}", p, e.toString());
        }
    }

    /** Every clip, by dataset and label: {@code {dataset: {label: [sidecar or {file, bytes}]}}}. */
    Map<String, Map<String, List<Object>>> list() {
        Map<String, Map<String, List<Object>>> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        for (Path dataset : folders(root)) {
            Map<String, List<Object>> labels = new TreeMap<>();
            for (Path label : folders(dataset)) {
                List<Object> clips = new ArrayList<>();
                for (Path f : files(label)) {
                    clips.add(describe(f));
                }
                labels.put(label.getFileName().toString(), clips);
            }
            out.put(dataset.getFileName().toString(), labels);
        }
        return out;
    }

    private static Object describe(Path clip) {
        String name = clip.getFileName().toString();
        Path sidecar = clip.resolveSibling(name.substring(0, name.length() - CLIP.length()) + SIDECAR);
        try {
            return Json.MAPPER.readValue(sidecar.toFile(), ClipSidecar.class);
        } catch (IOException e) {
            // A clip copied in by hand has no sidecar; it is still part of the dataset.
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", name);
            m.put("bytes", sizeOf(clip));
            return m;
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Removes a clip and its sidecar, and its label folder when that is left empty (an empty class would stop a
     * training). Names are checked by the caller.
     *
     * @return the files removed
     * @throws CaptureRefusedException 404 when there is no such clip
     */
    List<String> delete(String dataset, String label, String file) throws CaptureRefusedException {
        Path folder = root.resolve(dataset).resolve(label);
        Path clip = folder.resolve(file);
        if (!file.endsWith(CLIP) || !Files.isRegularFile(clip)) {
            throw new CaptureRefusedException(404, "no clip " + dataset + "/" + label + "/" + file);
        }
        Path sidecar = folder.resolve(file.substring(0, file.length() - CLIP.length()) + SIDECAR);
        List<String> removed = new ArrayList<>();
        try {
            Files.delete(clip);
            removed.add(file);
            if (Files.deleteIfExists(sidecar)) {
                removed.add(sidecar.getFileName().toString());
            }
            try (DirectoryStream<Path> left = Files.newDirectoryStream(folder)) {
                if (!left.iterator().hasNext()) {
                    Files.delete(folder);
                }
            }
        } catch (NoSuchFileException e) {
            throw new CaptureRefusedException(404, "no clip " + dataset + "/" + label + "/" + file);
        } catch (IOException e) {
            throw new CaptureRefusedException(500, "cannot delete " + clip + ": " + e);
        }
        return removed;
    }

    private static List<Path> folders(Path dir) {
        return entries(dir, true);
    }

    private static List<Path> files(Path dir) {
        return entries(dir, false).stream().filter(p -> p.getFileName().toString().endsWith(CLIP)).toList();
    }

    private static List<Path> entries(Path dir, boolean folders) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p) == folders) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort(null);
        return out;
    }
}
