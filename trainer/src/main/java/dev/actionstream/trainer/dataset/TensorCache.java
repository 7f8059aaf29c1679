package dev.actionstream.trainer.dataset;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.SamplingMode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Decoded windows on disk, one file per video, keyed by the video (absolute path, size, modification time) and every
 * preparation setting, so a second run does not decode again and a changed setting or file never hits a stale entry.
 *
 * <p>File layout (little-endian): {@code "ASW1"} magic, int float count, then the floats. Entries are written to a
 * temporary file and renamed, so a crash never leaves a half entry behind.
 */
final class TensorCache {

    /** Bump when ClipDecoder or FramePreparer change what they produce. */
    private static final String FORMAT = "actionstream-window-v1";
    private static final int MAGIC = 0x31575341; // "ASW1" little-endian

    private final Path dir;
    private final String settings;

    TensorCache(Path dir, DatasetConfig config) {
        this.dir = dir;
        this.settings = FORMAT + "|" + config.framesPerWindow() + "|" + config.frameHeight() + "|" + config.frameWidth()
                + "|" + config.channelOrder() + "|" + config.normalisation() + samplingKey(config);
    }

    /** Even sampling adds nothing, so entries cached before sampling was configurable stay valid. */
    private static String samplingKey(DatasetConfig config) {
        return config.sampling().mode() == SamplingMode.EVEN ? ""
                : "|rate " + config.sampling().fps() + (config.sampling().slides() ? "|hop " + config.sampling().hop() : "");
    }

    static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "actionstream", "windows");
    }

    /**
     * The cached windows, one after the other (a whole number of {@code size} floats, at least one window), or null
     * when absent, stale or unreadable.
     */
    float[] get(Path video, int size) {
        Path entry;
        try {
            entry = entryFor(video);
        } catch (IOException e) {
            return null;
        }
        if (!Files.isRegularFile(entry)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(entry, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read fully
            }
            buf.flip();
            if (buf.remaining() < 8 || buf.getInt() != MAGIC) {
                return null;
            }
            int count = buf.getInt();
            if (count <= 0 || count % size != 0 || buf.remaining() != (long) count * 4) {
                return null;
            }
            float[] window = new float[count];
            buf.asFloatBuffer().get(window);
            return window;
        } catch (IOException e) {
            return null;
        }
    }

    void put(Path video, float[] window) throws IOException {
        Files.createDirectories(dir);
        Path entry = entryFor(video);
        Path tmp = Files.createTempFile(dir, ".entry", ".tmp");
        try {
            ByteBuffer buf = ByteBuffer.allocate(8 + window.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.putInt(MAGIC).putInt(window.length);
            buf.asFloatBuffer().put(window);
            buf.position(0).limit(8 + window.length * 4);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path entryFor(Path video) throws IOException {
        Path abs = video.toAbsolutePath().normalize();
        String key = abs + "|" + Files.size(abs) + "|" + Files.getLastModifiedTime(abs).toMillis() + "|" + settings;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".f32");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
