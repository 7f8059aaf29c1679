package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.ModelRef;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.EventSinks;
import dev.actionstream.runtime.status.StreamState;
import dev.actionstream.runtime.events.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveViewTest {

    @Test
    void labelSinkKeepsTheLatestEventPerStreamBesideTheOtherSinks() {
        try (LiveView view = new LiveView(List.of("cam1", "door"), new SimpleMeterRegistry())) {
            List<LabelEvent> passed = new ArrayList<>();
            EventSink sink = EventSinks.of(view.labelSink(), passed::add);
            LabelEvent a = TestEvents.event("cam1", 1);
            LabelEvent b = TestEvents.event("cam1", 2);
            LabelEvent other = TestEvents.event("elsewhere", 1);
            sink.onLabel(a);
            sink.onLabel(b);
            sink.onLabel(other);
            assertSame(b, view.latestLabel("cam1"));
            assertNull(view.latestLabel("door"));
            assertNull(view.latestLabel("elsewhere"), "unknown streams are passed on, not kept");
            assertEquals(List.of(a, b, other), passed);
        }
    }

    @Test
    void windowListenersGetOverlaidFramesUntilTheyStopWatching() throws Exception {
        try (LiveView view = new LiveView(List.of("cam1"), new ViewSettings(100, 0.8f), new SimpleMeterRegistry())) {
            view.start();
            assertFalse(view.wanted("cam1"));
            BlockingQueue<Integer> widths = new ArrayBlockingQueue<>(100);
            Runnable stop = view.watch("cam1", (BufferedImage frame) -> widths.offer(frame.getWidth()));
            ViewTesting.await("the tap to want a frame", () -> view.wanted("cam1"));
            view.offer("cam1", 0, 0, 0, ByteBuffer.allocate(64 * 48 * 3), 64, 48, 64 * 3, PixelFormat.BGR24);
            assertEquals(64, widths.poll(10, TimeUnit.SECONDS));
            stop.run();
            stop.run();
            assertFalse(view.wanted("cam1"), "no watcher left (stopping twice counts once)");
        }
    }

    @Test
    void rejectsUnknownAndDuplicateStreams() {
        try (LiveView view = new LiveView(List.of("cam1"), new SimpleMeterRegistry())) {
            assertThrows(IllegalArgumentException.class, () -> view.watch("nope", f -> { }));
            assertFalse(view.wanted("nope"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LiveView(List.of("a", "a"), new SimpleMeterRegistry()));
        assertTrue(e.getMessage().contains("'a'"));
    }

    /** The headline of every overlaid frame, as drawn. */
    private static BlockingQueue<String> headlines(LiveView view) {
        BlockingQueue<String> out = new ArrayBlockingQueue<>(1_000);
        view.observeOverlay((role, chars, offset, length, x, top, width, height) -> {
            if (role == OverlayText.Role.HEADLINE) {
                out.offer(new String(chars, offset, length));
            }
        });
        return out;
    }

    private static LabelEvent uncertain(long sequence) {
        LabelEvent e = TestEvents.event("cam1", sequence);
        return new LabelEvent("cam1", sequence, e.window(), LabelEvent.UNCERTAIN, 0.46, true, LabelEvent.Reason.CHANGE,
                List.of(new LabelEvent.LabelScore("jogging", 0.46), new LabelEvent.LabelScore("running", 0.3)),
                new ModelRef("m", "1", "CPU"), 10);
    }

    @Test
    void overlayDrawsTheLabelOfTheLastPublishedEventEvenWithoutANewFrame() throws Exception {
        try (LiveView view = new LiveView(List.of("cam1"), new ViewSettings(100, 0.8f), new SimpleMeterRegistry())) {
            BlockingQueue<String> headlines = headlines(view);
            BlockingQueue<BufferedImage> frames = new ArrayBlockingQueue<>(1_000);
            view.start();
            view.watch("cam1", frames::offer);
            EventSink panel = view.labelSink();
            LabelEvent sure = TestEvents.event("cam1", 1);
            panel.onLabel(sure);
            ViewTesting.await("the tap to want a frame", () -> view.wanted("cam1"));
            view.offer("cam1", 0, 0, 0, ByteBuffer.allocate(320 * 240 * 3), 320, 240, 320 * 3, PixelFormat.BGR24);
            assertEquals("WAVING", headlines.poll(10, TimeUnit.SECONDS));
            // The label turns uncertain after the last frame (a file that ended, a camera that hung): the overlay
            // must not keep claiming the old label.
            panel.onLabel(uncertain(2));
            String last = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"UNCERTAIN".equals(last) && System.nanoTime() < deadline) {
                last = headlines.poll(100, TimeUnit.MILLISECONDS);
            }
            assertEquals(LabelEvent.UNCERTAIN.toUpperCase(), last, "the overlay says what the last event says");
            frames.clear();
            assertEquals(320, frames.poll(10, TimeUnit.SECONDS).getWidth(), "the last frame, drawn again");
        }
    }

    @Test
    void aStreamWhoseVideoNeverCameShowsItsStateOnABlankFrame() throws Exception {
        try (LiveView view = new LiveView(List.of("cam1"), new ViewSettings(100, 0.8f), new SimpleMeterRegistry())) {
            BlockingQueue<String> states = new ArrayBlockingQueue<>(1_000);
            view.observeOverlay((role, chars, offset, length, x, top, width, height) -> {
                if (role == OverlayText.Role.STATE || role == OverlayText.Role.REASON) {
                    states.offer(new String(chars, offset, length));
                }
            });
            BlockingQueue<BufferedImage> frames = new ArrayBlockingQueue<>(1_000);
            view.start();
            view.watch("cam1", frames::offer);
            view.state("cam1", StreamState.FAILED, "no such video file: x.mp4");
            BufferedImage blank = frames.poll(10, TimeUnit.SECONDS);
            assertEquals(LiveView.BLANK_WIDTH, blank.getWidth());
            assertEquals("FAILED", states.poll(10, TimeUnit.SECONDS));
            assertEquals("no such video file: x.mp4", states.poll(10, TimeUnit.SECONDS));
        }
    }
}
