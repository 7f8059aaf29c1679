package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.synth.SyntheticLiveSource;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/** The MJPEG endpoint against a real server, read with a plain socket as any MJPEG viewer would. */
class LiveViewMjpegTest {

    private static SyntheticLiveSource.Settings synthetic(int width, int height) {
        return new SyntheticLiveSource.Settings(width, height, 25, 7, 3, 6);
    }

    @Test
    void servesMultipartJpegsAtTheSourceResolution() throws Exception {
        try (ViewTesting t = new ViewTesting(List.of("cam1"), new ViewSettings(25, 0.8f), 256 << 10)) {
            t.feed(new SyntheticFeeder("cam1", synthetic(320, 240), t.view, t.view.labelSink(), 5));
            try (MjpegClient client = MjpegClient.get(t.port(), "/streams/cam1/mjpeg")) {
                assertEquals(200, client.status);
                assertTrue(client.headers.get("content-type").startsWith("multipart/x-mixed-replace; boundary="),
                        client.headers.toString());
                for (int i = 0; i < 4; i++) {
                    BufferedImage frame = MjpegClient.decode(client.nextPart());
                    assertEquals(320, frame.getWidth());
                    assertEquals(240, frame.getHeight());
                }
            }
        }
    }

    @Test
    void ffmpegPlaysTheVideoLikeAnyMjpegPlayer() throws Exception {
        try (ViewTesting t = new ViewTesting(List.of("cam1"), new ViewSettings(25, 0.8f), 256 << 10)) {
            t.feed(new SyntheticFeeder("cam1", synthetic(320, 240), t.view, null, 5));
            // The FFmpeg that ffplay and VLC use, through JavaCV: it must recognise the stream by its content type.
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            FFmpegFrameGrabber ffmpeg = new FFmpegFrameGrabber("http://127.0.0.1:" + t.port() + "/streams/cam1/mjpeg");
            ffmpeg.setOption("rw_timeout", "10000000");
            ffmpeg.start();
            try {
                assertEquals("mpjpeg", ffmpeg.getFormat());
                int images = 0;
                for (int i = 0; i < 20 && images < 3; i++) {
                    Frame frame = ffmpeg.grabImage();
                    if (frame != null) {
                        assertEquals(320, frame.imageWidth);
                        assertEquals(240, frame.imageHeight);
                        images++;
                    }
                }
                assertEquals(3, images);
            } finally {
                ffmpeg.release();
            }
        }
    }

    @Test
    void tapsNoFrameWhileNobodyWatches() throws Exception {
        try (ViewTesting t = new ViewTesting(List.of("cam1"), new ViewSettings(25, 0.8f), 256 << 10)) {
            SyntheticFeeder feeder = t.feed(new SyntheticFeeder("cam1", synthetic(160, 120), t.view, null, 5));
            ViewTesting.await("some frames", () -> feeder.frames() >= 10);
            assertEquals(0, feeder.offered(), "the grabber copies nothing without a viewer");
            assertFalse(t.view.wanted("cam1"));

            try (MjpegClient client = MjpegClient.get(t.port(), "/streams/cam1/mjpeg")) {
                client.nextPart();
                assertTrue(feeder.offered() > 0);
            }
            ViewTesting.await("viewer gone", () -> t.view.mjpegViewers("cam1") == 0);
            long offered = feeder.offered();
            long frames = feeder.frames();
            ViewTesting.await("more frames", () -> feeder.frames() >= frames + 10);
            assertTrue(feeder.offered() <= offered + 1, "tapping stops when the last viewer leaves");
        }
    }

    @Test
    void slowViewerMissesFramesWhileOthersKeepReceiving() throws Exception {
        // Big noisy frames fill a non-reading client's socket buffers quickly.
        try (ViewTesting t = new ViewTesting(List.of("cam1"), new ViewSettings(60, 1.0f), 64 << 10)) {
            t.feed(new SyntheticFeeder("cam1", new SyntheticLiveSource.Settings(640, 480, 60, 3, 3, 6), t.view,
                    null, 5));
            try (MjpegClient stuck = MjpegClient.get(t.port(), "/streams/cam1/mjpeg", 4096);
                 MjpegClient reader = MjpegClient.get(t.port(), "/streams/cam1/mjpeg")) {
                ViewTesting.await("parts dropped for the stuck viewer",
                        () -> t.counter("actionstream.view.mjpeg.parts.dropped") > 0);
                double dropped = t.counter("actionstream.view.mjpeg.parts.dropped");
                for (int i = 0; i < 5; i++) {
                    assertEquals(640, MjpegClient.decode(reader.nextPart()).getWidth());
                }
                assertTrue(t.counter("actionstream.view.mjpeg.parts.dropped") > dropped,
                        "the stuck viewer keeps missing parts while the other one reads");
                assertEquals(2, t.view.mjpegViewers("cam1"));
            }
        }
    }

    @Test
    void unknownStreamIsNotFoundAndNamesTheStreams() throws Exception {
        try (ViewTesting t = new ViewTesting(List.of("cam1", "door"), ViewSettings.defaults(), 256 << 10)) {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + t.port() + "/streams/garage/mjpeg")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, res.statusCode());
            assertTrue(res.body().contains("garage") && res.body().contains("[cam1, door]"), res.body());
        }
    }

    @Test
    void servesThePageAndItsAssets() throws Exception {
        try (ViewTesting t = new ViewTesting(List.of("cam1"), ViewSettings.defaults(), 256 << 10)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + t.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("data-role=\"label\""));
            HttpResponse<String> js = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + t.port() + "/view/app.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, js.statusCode());
            assertTrue(js.body().contains("/mjpeg"));
        }
    }
}
