package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartRunnerTest {

    @Test
    void runsEveryPartOnceEachOnItsOwnThreadAtTheSameTime() throws Exception {
        try (PartRunner runner = new PartRunner(3, "test-part")) {
            for (int batch = 0; batch < 200; batch++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(3);
                Set<Thread> threads = ConcurrentHashMap.newKeySet();
                // Every part waits for the others: passes only if all three run at once.
                CountDownLatch together = new CountDownLatch(3);
                runner.run(3, part -> {
                    runs.incrementAndGet(part);
                    threads.add(Thread.currentThread());
                    together.countDown();
                    try {
                        assertTrue(together.await(10, TimeUnit.SECONDS), "parts did not run at once");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int p = 0; p < 3; p++) {
                    assertEquals(1, runs.get(p), "part " + p + " of batch " + batch);
                }
                assertEquals(3, threads.size());
                assertTrue(threads.contains(Thread.currentThread()), "part 0 runs on the caller");
            }
        }
    }

    @Test
    void runsFewerPartsThanItHasThreadsForASmallBatch() throws Exception {
        try (PartRunner runner = new PartRunner(4, "test-part")) {
            AtomicInteger calls = new AtomicInteger();
            Thread[] ran = new Thread[1];
            runner.run(1, part -> {
                calls.incrementAndGet();
                ran[0] = Thread.currentThread();
            });
            assertEquals(1, calls.get());
            assertSame(Thread.currentThread(), ran[0]);
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            runner.run(2, runs::incrementAndGet);
            assertEquals("[1, 1, 0, 0]", runs.toString());
        }
    }

    @Test
    void rethrowsAHelpersFailureOnlyAfterEveryPartHasFinished() throws Exception {
        try (PartRunner runner = new PartRunner(2, "test-part")) {
            AtomicInteger finished = new AtomicInteger();
            OrtException e = assertThrows(OrtException.class, () -> runner.run(2, part -> {
                if (part == 1) {
                    throw new OrtException("part 1 failed");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
                finished.incrementAndGet();
            }));
            assertEquals("part 1 failed", e.getMessage());
            assertEquals(1, finished.get(), "the caller's own part completed before the failure surfaced");
            // The runner stays usable after a failure.
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            runner.run(2, runs::incrementAndGet);
            assertEquals("[1, 1]", runs.toString());
        }
    }

    @Test
    void closingStopsItsThreads() throws Exception {
        PartRunner runner = new PartRunner(3, "closing-part");
        runner.run(3, part -> { });
        runner.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("closing-part")
                && t.isAlive()), "helper threads still alive");
        assertThrows(IllegalStateException.class, () -> runner.run(1, part -> { }));
    }
}
