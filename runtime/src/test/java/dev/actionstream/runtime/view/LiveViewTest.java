package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.LabelEventSink;
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
    void labelsThenKeepsTheLatestEventPerStreamAndPassesEveryEventOn() {
        try (LiveView view = new LiveView(List.of("cam1", "door"), new SimpleMeterRegistry())) {
            List<LabelEvent> passed = new ArrayList<>();
            LabelEventSink sink = view.labelsThen(passed::add);
            LabelEvent a = TestEvents.event("cam1", 1);
            LabelEvent b = TestEvents.event("cam1", 2);
            LabelEvent other = TestEvents.event("elsewhere", 1);
            sink.publish(a);
            sink.publish(b);
            sink.publish(other);
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
            view.offer("cam1", 0, 0, ByteBuffer.allocate(64 * 48 * 3), 64, 48, 64 * 3, PixelFormat.BGR24);
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
}
