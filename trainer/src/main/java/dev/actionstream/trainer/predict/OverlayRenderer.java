package dev.actionstream.trainer.predict;

import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.synth.video.Mp4ClipWriter;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import dev.actionstream.trainer.model.NetworkOutput;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a copy of a video with the model's running answer drawn on every full-resolution frame, as the seeds'
 * {@code predict_on_video} does: each frame is prepared into a ring of the last T frames; once T frames are in, the
 * window (oldest first) is scored, and the label shown is the arg-max of the mean of the last K windows'
 * probabilities. Frames before the first full window carry no label.
 *
 * <p>The frame ring, window and smoothing buffers are allocated once per video.
 */
public final class OverlayRenderer {

    private final MultiLayerNetwork net;
    private final ModelSpec spec;
    private final int smoothing;

    /** What was written. */
    public record Summary(int frames, int windowsScored, String lastLabel, float lastConfidence, String codec) {
    }

    public OverlayRenderer(MultiLayerNetwork net, ModelSpec spec, int smoothing) {
        this.net = Objects.requireNonNull(net, "net");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (smoothing <= 0) {
            throw new IllegalArgumentException("smoothing window K must be > 0, got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    public Summary render(Path video, Path out, boolean progress) throws VideoDecodeException, IOException {
        if (!Files.isReadable(video)) {
            throw new VideoDecodeException(video, "file does not exist or is not readable", null);
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            grabber.close();
            throw new VideoDecodeException(video, "not a readable video: " + e.getMessage(), e);
        }
        // Written beside the target and renamed when complete, so a failed run leaves no truncated video.
        Path part = out.toAbsolutePath().resolveSibling(out.getFileName() + ".part");
        try (grabber) {
            Summary summary = encode(grabber, video, part, progress);
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
            return summary;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private Summary encode(FFmpegFrameGrabber grabber, Path video, Path part, boolean progress)
            throws VideoDecodeException, IOException {
        int width = grabber.getImageWidth() & ~1;
        int height = grabber.getImageHeight() & ~1;
        if (width < 16 || height < 16) {
            throw new VideoDecodeException(video, "frames of " + grabber.getImageWidth() + "x"
                    + grabber.getImageHeight() + " are too small to render", null);
        }
        double fps = grabber.getFrameRate() > 0 && grabber.getFrameRate() <= 1000 ? grabber.getFrameRate() : 25;
        int frames = spec.framesPerWindow();
        int frameSize = spec.frameSize();
        int classes = spec.numClasses();
        float[][] ring = new float[frames][frameSize];
        float[] window = new float[spec.windowSize()];
        float[][] recent = new float[smoothing][classes];
        float[] mean = new float[classes];
        FramePreparer preparer = FramePreparer.forSpec(spec);
        Java2DFrameConverter converter = new Java2DFrameConverter();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        int seen = 0;
        int scored = 0;
        String label = null;
        float confidence = 0;
        try (Mp4ClipWriter writer = new Mp4ClipWriter(part, width, height, fps);
             ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("Overlay")
                     .setInitialMax(Math.max(0, grabber.getLengthInFrames())).setStyle(ProgressBarStyle.ASCII)
                     .setUpdateIntervalMillis(500).build() : null) {
            Frame frame;
            while ((frame = grabImage(grabber, video, seen)) != null) {
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                PixelFormat format = frame.imageChannels == 1 ? PixelFormat.GRAY8 : PixelFormat.BGR24;
                preparer.prepare(pixels, frame.imageWidth, frame.imageHeight, frame.imageStride, format,
                        ring[seen % frames], 0);
                seen++;
                if (seen >= frames) {
                    for (int k = 0; k < frames; k++) {
                        System.arraycopy(ring[(seen + k) % frames], 0, window, k * frameSize, frameSize);
                    }
                    float[] p = NetworkOutput.predict(net, spec, List.of(window))[0];
                    System.arraycopy(p, 0, recent[scored % smoothing], 0, classes);
                    scored++;
                    int n = Math.min(scored, smoothing);
                    Arrays.fill(mean, 0f);
                    for (int j = 0; j < n; j++) {
                        for (int c = 0; c < classes; c++) {
                            mean[c] += recent[j][c] / n;
                        }
                    }
                    int best = NetworkOutput.argMax(mean);
                    label = spec.labels().get(best);
                    confidence = mean[best];
                }
                // Copy into the encoder's own BGR image: the decoded frame may be grey or have an odd size.
                Graphics2D copy = target.createGraphics();
                copy.drawImage(converter.convert(frame), 0, 0, null);
                copy.dispose();
                draw(target, label, confidence, seen, frames);
                writer.write(target);
                if (bar != null) {
                    bar.step();
                }
            }
            if (seen == 0) {
                throw new VideoDecodeException(video, "no decodable video frames", null);
            }
            return new Summary(seen, scored, label, confidence, writer.codecName());
        }
    }

    private static void draw(BufferedImage image, String label, float confidence, int seen, int frames) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int size = Math.max(12, image.getHeight() / 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            String text = label == null ? "warming up " + seen + "/" + frames
                    : String.format(Locale.ROOT, "%s %.0f%%", label, confidence * 100);
            int x = size / 2;
            int y = size + size / 3;
            g.setStroke(new BasicStroke(3));
            g.setColor(new Color(0, 0, 0, 160));
            g.fillRect(0, 0, g.getFontMetrics().stringWidth(text) + size, y + size / 2);
            g.setColor(label == null ? Color.LIGHT_GRAY : Color.GREEN);
            g.drawString(text, x, y);
        } finally {
            g.dispose();
        }
    }

    /** A decode error after good frames ends the video there (a truncated file still renders its good part). */
    private static Frame grabImage(FFmpegFrameGrabber grabber, Path video, int goodSoFar) throws VideoDecodeException {
        try {
            Frame frame = grabber.grabImage();
            return frame == null || frame.image == null || frame.image[0] == null ? null : frame;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (goodSoFar > 0) {
                return null;
            }
            throw new VideoDecodeException(video, "decode error: " + e.getMessage(), e);
        }
    }
}
