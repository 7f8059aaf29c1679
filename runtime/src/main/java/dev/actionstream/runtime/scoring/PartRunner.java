package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtException;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the parts of one batch at once: part 0 on the calling (scoring) thread, the others on helper threads started
 * once and parked between batches. Handing a batch over allocates nothing, so the scoring thread's hot path stays
 * free of garbage; a part's failure is rethrown to the caller after every part has finished, so buffers are never
 * released while a helper still reads them.
 *
 * <p>Used by one scoring thread at a time.
 */
final class PartRunner implements AutoCloseable {

    /** One part of a batch; {@code part} counts from 0. */
    @FunctionalInterface
    interface Part {
        void run(int part) throws OrtException;
    }

    private final Helper[] helpers;
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;

    /** @param parts the most parts a batch may be split into (1: no helper threads) */
    PartRunner(int parts, String threadName) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        helpers = new Helper[parts - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            Thread t = new Thread(helpers[i], threadName + "-" + (i + 1));
            t.setDaemon(true);
            helpers[i].thread = t;
            t.start();
        }
    }

    int maxParts() {
        return helpers.length + 1;
    }

    /** Runs parts {@code 0 .. parts-1} of {@code work} at once and returns when all have finished. */
    void run(int parts, Part work) throws OrtException {
        if (parts < 1 || parts > maxParts()) {
            throw new IllegalArgumentException("parts " + parts + " outside 1.." + maxParts());
        }
        if (closed) {
            throw new IllegalStateException("part runner closed");
        }
        if (parts == 1) {
            work.run(0);
            return;
        }
        caller = Thread.currentThread();
        failure = null;
        unfinished.set(parts - 1);
        for (int i = 0; i < parts - 1; i++) {
            helpers[i].assign(work);
        }
        Throwable own = null;
        try {
            work.run(0);
        } catch (OrtException | RuntimeException | Error e) {
            own = e;
        }
        while (unfinished.get() != 0) {
            LockSupport.park(this);
        }
        Throwable first = own != null ? own : failure;
        if (first instanceof OrtException e) {
            throw e;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Helper h : helpers) {
            LockSupport.unpark(h.thread);
        }
        for (Helper h : helpers) {
            try {
                h.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Helper implements Runnable {
        private final int part;
        private Thread thread;
        private Part work;
        /** Batches handed over; the volatile write publishes {@link #work}. */
        private volatile long assigned;

        Helper(int part) {
            this.part = part;
        }

        void assign(Part w) {
            work = w;
            assigned++;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            long done = 0;
            while (!closed) {
                if (assigned == done) {
                    LockSupport.park(this);
                    continue;
                }
                done = assigned;
                try {
                    work.run(part);
                } catch (Throwable t) {
                    failure = t;
                }
                if (unfinished.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
