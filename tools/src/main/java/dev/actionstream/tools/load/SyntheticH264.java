package dev.actionstream.tools.load;

import dev.actionstream.synth.SyntheticLiveSource;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The synthetic live source encoded once as H.264 by the {@code ffmpeg} command line with libx264, the way a camera
 * stream is encoded: real compressed video for benchmark streams to decode, as {@code serve} decodes a camera. The
 * file is kept and reused (its name says how it was made), so a benchmark pays for encoding only the first time.
 *
 * <p>Encoding settings: {@code -preset veryfast}, the given bit rate, a keyframe every two seconds, yuv420p;
 * libx264's default B-frames stay on, so a third or more of the frames are B-frames (what {@code skip_frame nonref}
 * can skip; many IP cameras send none).
 */
public final class SyntheticH264 {

    private static final long ENCODE_TIMEOUT_MINUTES = 10;

    private SyntheticH264() {
    }

    /** The file's name for these settings: {@code synthetic-640x480-30fps-300f-1500k.mp4}. */
    public static String fileName(int width, int height, double fps, int frames, int kbps) {
        return String.format(Locale.ROOT, "synthetic-%dx%d-%sfps-%df-%dk.mp4", width, height,
                fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps), frames, kbps);
    }

    /**
     * Returns {@code dir/fileName(...)}, encoding it first when it is not there yet.
     *
     * @throws IOException when {@code ffmpeg} is missing, lacks libx264 or fails (its message is included)
     */
    public static Path make(Path dir, int width, int height, double fps, int frames, int kbps)
            throws IOException, InterruptedException {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0 || fps <= 0 || frames <= 0 || kbps <= 0) {
            throw new IllegalArgumentException("need an even width and height, fps, frames and kbps > 0; got "
                    + width + "x" + height + " at " + fps + " fps, " + frames + " frames, " + kbps + " kb/s");
        }
        Path file = dir.resolve(fileName(width, height, fps, frames, kbps));
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            return file;
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "encoding-", ".mp4");
        Path log = Files.createTempFile(dir, "ffmpeg-", ".log");
        List<String> command = List.of("ffmpeg", "-y", "-hide_banner", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", width + "x" + height, "-r", Double.toString(fps),
                "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-b:v", kbps + "k",
                "-g", Long.toString(Math.round(2 * fps)), "-pix_fmt", "yuv420p", "-f", "mp4", partial.toString());
        Process ffmpeg;
        try {
            ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(log);
            throw new IOException("cannot run ffmpeg (Debian package ffmpeg) to encode the benchmark's H.264 file: "
                    + e.getMessage(), e);
        }
        SyntheticLiveSource.Settings d = SyntheticLiveSource.Settings.defaults();
        SyntheticLiveSource.Settings settings = new SyntheticLiveSource.Settings(width, height, fps, d.seed(),
                d.minSegmentSeconds(), d.maxSegmentSeconds());
        try (SyntheticLiveSource source = new SyntheticLiveSource(settings);
             OutputStream in = ffmpeg.getOutputStream()) {
            BufferedImage image = source.newFrame();
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < frames; i++) {
                source.nextFrame(image);
                in.write(pixels);
            }
        } catch (IOException e) {
            // ffmpeg stopped reading: its log says why.
        }
        boolean done = ffmpeg.waitFor(ENCODE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        String said = Files.readString(log, StandardCharsets.UTF_8).strip();
        Files.deleteIfExists(log);
        if (!done || ffmpeg.exitValue() != 0 || Files.size(partial) == 0) {
            if (!done) {
                ffmpeg.destroyForcibly();
            }
            Files.deleteIfExists(partial);
            throw new IOException("ffmpeg could not encode the benchmark's H.264 file ("
                    + (done ? "exit " + ffmpeg.exitValue() : "timed out") + ")" + (said.isEmpty() ? "" : ": " + said));
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * Returns {@code mp4} re-encoded as a camera sends it, without B-frames, as an H.264 elementary stream beside it
     * ({@code <name>-nob.h264}, made once): what the bench's RTSP server sends as it is.
     */
    public static Path withoutBFrames(Path mp4, int kbps, double fps) throws IOException, InterruptedException {
        String name = mp4.getFileName().toString().replaceFirst("\\.mp4$", "") + "-nob.h264";
        Path file = mp4.resolveSibling(name);
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            return file;
        }
        Path partial = Files.createTempFile(mp4.toAbsolutePath().getParent(), "encoding-", ".h264");
        List<String> command = List.of("ffmpeg", "-y", "-hide_banner", "-loglevel", "error", "-i", mp4.toString(),
                "-c:v", "libx264", "-preset", "veryfast", "-b:v", kbps + "k", "-bf", "0",
                "-g", Long.toString(Math.round(2 * fps)), "-pix_fmt", "yuv420p", "-f", "h264", partial.toString());
        Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean done = ffmpeg.waitFor(ENCODE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!done || ffmpeg.exitValue() != 0 || Files.size(partial) == 0) {
            ffmpeg.destroyForcibly();
            Files.deleteIfExists(partial);
            throw new IOException("ffmpeg could not re-encode " + mp4 + " without B-frames: " + said);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
