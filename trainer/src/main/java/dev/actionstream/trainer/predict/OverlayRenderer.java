package dev.actionstream.trainer.predict;

import dev.actionstream.synth.video.Mp4ClipWriter;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a copy of a video with a label drawn on every full-resolution frame. It computes nothing: the label of each
 * frame is given (from {@link VideoScores#frameLabels(int)}), so the overlay can never disagree with what
 * {@code predict} prints. Frames before the first full window carry "warming up".
 */
public final class OverlayRenderer {

    private final int framesPerWindow;

    /** What was written. */
    public record Summary(int frames, String codec) {
    }

    public OverlayRenderer(int framesPerWindow) {
        if (framesPerWindow <= 0) {
            throw new IllegalArgumentException("framesPerWindow must be > 0, got " + framesPerWindow);
        }
        this.framesPerWindow = framesPerWindow;
    }

    /** @param frameLabels the label of frame {@code i} at index {@code i}; null where no window has ended yet */
    public Summary render(Path video, Path out, List<Prediction> frameLabels, boolean progress)
            throws VideoDecodeException, IOException {
        Objects.requireNonNull(frameLabels, "frameLabels");
        // Written beside the target and renamed when complete, so a failed run leaves no truncated video.
        Path part = out.toAbsolutePath().resolveSibling(out.getFileName() + ".part");
        try (VideoFrames frames = VideoFrames.open(video)) {
            Summary summary = encode(frames, part, frameLabels, progress);
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
            return summary;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private Summary encode(VideoFrames frames, Path part, List<Prediction> frameLabels, boolean progress)
            throws VideoDecodeException, IOException {
        FFmpegFrameGrabber grabber = frames.grabber();
        int width = grabber.getImageWidth() & ~1;
        int height = grabber.getImageHeight() & ~1;
        if (width < 16 || height < 16) {
            throw new VideoDecodeException(frames.video(), "frames of " + grabber.getImageWidth() + "x"
                    + grabber.getImageHeight() + " are too small to render", null);
        }
        double fps = grabber.getFrameRate() > 0 && grabber.getFrameRate() <= 1000 ? grabber.getFrameRate() : 25;
        Java2DFrameConverter converter = new Java2DFrameConverter();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        int seen = 0;
        try (Mp4ClipWriter writer = new Mp4ClipWriter(part, width, height, fps);
             ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("Overlay")
                     .setInitialMax(frameLabels.size()).setStyle(ProgressBarStyle.ASCII)
                     .setUpdateIntervalMillis(500).build() : null) {
            Frame frame;
            while ((frame = frames.next()) != null) {
                // A second decode of a file yields the same frames; any extra frame keeps the last label.
                Prediction label = frameLabels.isEmpty() ? null
                        : frameLabels.get(Math.min(seen, frameLabels.size() - 1));
                seen++;
                // Copy into the encoder's own BGR image: the decoded frame may be grey or have an odd size.
                Graphics2D copy = target.createGraphics();
                copy.drawImage(converter.convert(frame), 0, 0, null);
                copy.dispose();
                draw(target, label, seen);
                writer.write(target);
                if (bar != null) {
                    bar.step();
                }
            }
            if (seen == 0) {
                throw new VideoDecodeException(frames.video(), "no decodable video frames", null);
            }
            return new Summary(seen, writer.codecName());
        }
    }

    private void draw(BufferedImage image, Prediction label, int seen) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int size = Math.max(12, image.getHeight() / 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            String text = label == null ? "warming up " + Math.min(seen, framesPerWindow) + "/" + framesPerWindow
                    : String.format(Locale.ROOT, "%s %.0f%%", label.label(), label.confidence() * 100);
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
}
