package dev.actionstream.runtime.view;

import dev.actionstream.runtime.source.FrameTap;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.WindowSpan;
import dev.actionstream.runtime.events.ModelRef;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.SyntheticLiveSource;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the grabber's part for view tests: renders synth's live source at its frame rate on its own thread, taps
 * frames exactly as the grabber does ({@code wanted} then {@code offer}), and every {@code eventEvery} frames
 * publishes a label event whose label is the true action of the frame (so what the page shows is checkable).
 */
final class SyntheticFeeder implements AutoCloseable {

    private final String stream;
    private final SyntheticLiveSource source;
    private final FrameTap tap;
    private final EventSink sink;
    private final int eventEvery;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long frames;
    private volatile long offered;
    private volatile long sequence;
    private volatile boolean eventsPaused;

    SyntheticFeeder(String stream, SyntheticLiveSource.Settings settings, FrameTap tap, EventSink sink,
                    int eventEvery) {
        this.stream = stream;
        this.source = new SyntheticLiveSource(settings);
        this.tap = tap;
        this.sink = sink;
        this.eventEvery = eventEvery;
        this.thread = new Thread(this::run, "grab-" + stream);
        this.thread.setDaemon(true);
    }

    SyntheticFeeder start() {
        thread.start();
        return this;
    }

    private void run() {
        BufferedImage image = source.newFrame();
        ByteBuffer pixels = ByteBuffer.wrap(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        long period = (long) (1e9 / source.settings().fps());
        long due = System.nanoTime();
        while (running) {
            Action action = source.nextFrame(image);
            long index = frames;
            long now = System.currentTimeMillis();
            if (tap.wanted(stream)) {
                tap.offer(stream, index, now, now * 1000, pixels, image.getWidth(), image.getHeight(), image.getWidth() * 3,
                        PixelFormat.BGR24);
                offered++;
            }
            frames = index + 1;
            if (sink != null && !eventsPaused && index % eventEvery == eventEvery - 1) {
                sink.onLabel(event(action, index, now));
            }
            due += period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                due = System.nanoTime();
            }
        }
    }

    private LabelEvent event(Action truth, long frameIndex, long captureMillis) {
        List<LabelEvent.LabelScore> topK = new ArrayList<>();
        topK.add(new LabelEvent.LabelScore(truth.id(), 0.8));
        int others = 0;
        for (Action a : Action.all()) {
            if (a != truth && others < 2) {
                topK.add(new LabelEvent.LabelScore(a.id(), others == 0 ? 0.15 : 0.05));
                others++;
            }
        }
        long seq = ++sequence;
        return new LabelEvent(stream, seq, new WindowSpan(frameIndex - 15, frameIndex, captureMillis), truth.id(), 0.8,
                false, LabelEvent.Reason.PERIODIC, topK, new ModelRef("synthetic-truth", "1", "CPU"), 3.5);
    }

    String stream() {
        return stream;
    }

    /** Stops publishing label events (frames go on), so a test can compare what settled. */
    void pauseEvents() {
        eventsPaused = true;
    }

    long frames() {
        return frames;
    }

    /** Frames the tap took (the grabber's cost of the view). */
    long offered() {
        return offered;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        source.close();
    }
}
