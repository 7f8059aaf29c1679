package dev.actionstream.synth.cli;

import dev.actionstream.synth.Action;
import dev.actionstream.synth.ClipRenderer;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthCommandTest {

    private static final int W = 80;
    private static final int H = 60;
    private static final int FRAMES = 24;

    @Test
    void writesSixtyDecodableVideosInSixFolders(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int exit = run(out, "--out", dir.toString(), "--videos-per-class", "10", "--seed", "1",
                "--width", "" + W, "--height", "" + H, "--frames", "" + FRAMES, "--no-progress");
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("wrote 60 videos"), out.toString());
        try (Stream<Path> folders = Files.list(dir)) {
            assertEquals(Action.labels(), folders.map(p -> p.getFileName().toString()).sorted().toList());
        }
        int videos = 0;
        for (Action action : Action.all()) {
            List<Path> files;
            try (Stream<Path> list = Files.list(dir.resolve(action.id()))) {
                files = list.sorted().toList();
            }
            assertEquals(10, files.size(), action + ": " + files);
            assertEquals(action.id() + "_000.mp4", files.get(0).getFileName().toString());
            assertEquals(action.id() + "_009.mp4", files.get(9).getFileName().toString());
            for (Path video : files) {
                assertEquals(FRAMES, decodedFrames(video), video + " frame count");
                videos++;
            }
        }
        assertEquals(60, videos);
    }

    @Test
    void decodedVideoShowsTheRenderedClip(@TempDir Path dir) throws Exception {
        SyntheticDatasetWriter writer = new SyntheticDatasetWriter(
                new SyntheticDatasetWriter.Settings(dir, 1, 3, W, H, FRAMES, 25));
        SyntheticDatasetWriter.Summary summary = writer.write(false);
        assertEquals(6, summary.videos());
        assertTrue(summary.bytes() > 6 * 1000, "videos suspiciously small: " + summary.bytes() + " bytes");
        Path video = writer.videoPath(Action.HANDWAVING, 0);
        try (ClipRenderer renderer = new ClipRenderer(writer.clip(Action.HANDWAVING, 0), W, H, 25);
             FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            BufferedImage expected = renderer.newFrame();
            for (int f = 0; f < FRAMES; f++) {
                Frame frame = grabber.grabImage();
                renderer.render(f, expected);
                double error = meanAbsoluteDifference(frame, ((DataBufferByte) expected.getRaster().getDataBuffer()).getData());
                // Lossy, but close: compression artefacts and chroma subsampling only.
                assertTrue(error < 12, "frame " + f + " differs from the rendering by " + error + " levels");
            }
        }
    }

    @Test
    void sameSeedWritesIdenticalFiles(@TempDir Path dir) throws Exception {
        for (String run : new String[] {"a", "b"}) {
            assertEquals(0, run(new StringWriter(), "--out", dir.resolve(run).toString(), "--videos-per-class", "1",
                    "--seed", "5", "--width", "" + W, "--height", "" + H, "--frames", "12", "--no-progress"));
        }
        for (Action action : Action.all()) {
            Path name = Path.of(action.id(), action.id() + "_000.mp4");
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(name)),
                    Files.readAllBytes(dir.resolve("b").resolve(name)), name + " differs between runs");
        }
    }

    @Test
    void leadInOptionOpensVideosWithAnotherActionAndRejectsAShareAboveOne(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "--out", dir.resolve("mixed").toString(), "--videos-per-class", "2", "--seed", "4",
                "--width", "" + W, "--height", "" + H, "--frames", "12", "--lead-in", "1", "--lead-in-frames", "3",
                "--no-progress"), out.toString());
        assertTrue(out.toString().contains("100 % opening with up to 3 frames of another action"), out.toString());
        SyntheticDatasetWriter writer = new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(
                dir.resolve("mixed"), 2, 4, W, H, 12, 25, new SyntheticDatasetWriter.LeadIn(1, 3)));
        Path video = writer.videoPath(Action.BOXING, 1);
        assertEquals(12, decodedFrames(video));
        int opening = writer.opening(Action.BOXING, 1).frames();
        try (ClipRenderer own = new ClipRenderer(writer.clip(Action.BOXING, 1), W, H, 25);
             FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            BufferedImage expected = own.newFrame();
            for (int f = 0; f < 12; f++) {
                Frame frame = grabber.grabImage();
                own.render(Math.max(0, f - opening), expected);
                double error = meanAbsoluteDifference(frame, ((DataBufferByte) expected.getRaster().getDataBuffer()).getData());
                // Before the cut another scene is shown; after it the clip's own frames, shifted by the lead-in.
                assertEquals(f >= opening, error < 12, "frame " + f + " (lead-in " + opening + "): " + error);
            }
        }

        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SynthCommand());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--out", dir.resolve("bad").toString(), "--lead-in", "1.5", "--no-progress"));
        assertTrue(err.toString().contains("lead-in fraction"), err.toString());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void actionsOptionWritesOnlyTheNamedActionsAndTheirVideosAsInAnyOtherSelection(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "--out", dir.resolve("chosen").toString(), "--actions", "squats,walking,jumpingjacks",
                "--videos-per-class", "2", "--seed", "6", "--width", "" + W, "--height", "" + H, "--frames", "8",
                "--no-progress"), out.toString());
        assertTrue(out.toString().contains("wrote 6 videos (2 per class: walking, jumpingjacks, squats)"),
                out.toString());
        try (Stream<Path> folders = Files.list(dir.resolve("chosen"))) {
            assertEquals(List.of("jumpingjacks", "squats", "walking"),
                    folders.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String action : new String[] {"jumpingjacks", "squats", "walking"}) {
            for (String video : new String[] {"_000.mp4", "_001.mp4"}) {
                assertEquals(8, decodedFrames(dir.resolve("chosen").resolve(action).resolve(action + video)));
            }
        }
        // The default writes KTH's six, and a clip is the same whichever other actions are written with it.
        StringWriter defaults = new StringWriter();
        assertEquals(0, run(defaults, "--out", dir.resolve("default").toString(), "--videos-per-class", "2",
                "--seed", "6", "--width", "" + W, "--height", "" + H, "--frames", "8", "--no-progress"));
        assertTrue(defaults.toString().contains("(2 per class: boxing, handclapping, handwaving, jogging, running, "
                + "walking)"), defaults.toString());
        try (Stream<Path> folders = Files.list(dir.resolve("default"))) {
            assertEquals(Action.labels(), folders.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path walking = Path.of("walking", "walking_001.mp4");
        assertArrayEquals(Files.readAllBytes(dir.resolve("default").resolve(walking)),
                Files.readAllBytes(dir.resolve("chosen").resolve(walking)));

        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SynthCommand());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--out", dir.resolve("bad").toString(), "--actions", "walking,dancing",
                "--no-progress"));
        assertTrue(err.toString().contains("unknown action 'dancing'") && err.toString().contains("squats"),
                err.toString());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void rejectsOddFrameSizesWithoutWritingAnything(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SynthCommand());
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("--out", dir.resolve("data").toString(), "--width", "81", "--no-progress");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("even"), err.toString());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void refusesAnOutputPathThatIsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "keep me");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SynthCommand());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--out", file.toString(), "--no-progress"));
        assertTrue(err.toString().contains("is a file"), err.toString());
        assertEquals("keep me", Files.readString(file));
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new SynthCommand());
        cli.setOut(new PrintWriter(out));
        return cli.execute(args);
    }

    private static int decodedFrames(Path video) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            assertEquals(W, grabber.getImageWidth(), video + " width");
            assertEquals(H, grabber.getImageHeight(), video + " height");
            int n = 0;
            while (grabber.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    private static double meanAbsoluteDifference(Frame frame, byte[] expected) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        long sum = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W * 3; x++) {
                sum += Math.abs((pixels.get(y * frame.imageStride + x) & 0xFF) - (expected[y * W * 3 + x] & 0xFF));
            }
        }
        return (double) sum / (W * H * 3);
    }
}
