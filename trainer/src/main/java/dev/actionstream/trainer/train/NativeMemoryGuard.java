package dev.actionstream.trainer.train;

import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Keeps ND4J's off-heap arrays from outgrowing the machine during a long training or evaluation loop.
 *
 * <p>Why: ND4J frees an array's native memory when its small Java object is collected. Every op on a view, and every
 * intermediate of DL4J's own layers, leaves such arrays behind; a big heap sees almost no pressure from them, so the
 * collector may not run for thousands of batches while native memory grows (a ConvLSTM training reached 23 GB of
 * resident memory with a 6 GB heap and was killed). Checked after every batch, the guard runs the collector when the
 * process's resident memory passes its budget. When what stays resident after a collection is itself over budget, the
 * next collection waits until memory has grown by another tenth of the budget, so a genuinely larger working set costs
 * one collection per step of growth, not one per batch.
 */
public final class NativeMemoryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(NativeMemoryGuard.class);
    private static final long SETTLE_NANOS = 2_000_000_000L;

    private final long budgetBytes;
    private final LongSupplier residentBytes;
    private long threshold;
    private int collections;

    /**
     * @param budgetBytes   resident memory (heap included) above which the collector runs
     * @param residentBytes the process's resident memory now
     */
    public NativeMemoryGuard(long budgetBytes, LongSupplier residentBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("budgetBytes must be > 0, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.residentBytes = residentBytes;
        this.threshold = budgetBytes;
    }

    /**
     * The budget JavaCPP's {@code org.bytedeco.javacpp.maxPhysicalBytes} property sets (by default twice the maximum
     * heap), but never more than 80 % of the machine's memory.
     */
    public static NativeMemoryGuard forThisMachine() {
        long machine = Pointer.totalPhysicalBytes();
        long configured = Pointer.maxPhysicalBytes();
        long cap = machine > 0 ? machine / 10 * 8 : Long.MAX_VALUE;
        long budget = configured > 0 ? Math.min(configured, cap) : cap;
        return new NativeMemoryGuard(budget == Long.MAX_VALUE ? 2 * Runtime.getRuntime().maxMemory() : budget,
                Pointer::physicalBytes);
    }

    /** Call after each batch: collects garbage when resident memory is over the current threshold. */
    public void afterBatch() {
        long resident = residentBytes.getAsLong();
        if (resident <= threshold) {
            return;
        }
        System.gc();
        collections++;
        // ND4J's deallocator threads free the native memory of collected arrays shortly after the collection.
        long deadline = System.nanoTime() + SETTLE_NANOS;
        long after = residentBytes.getAsLong();
        while (after > budgetBytes && System.nanoTime() < deadline) {
            sleep();
            after = residentBytes.getAsLong();
        }
        threshold = Math.max(budgetBytes, after + budgetBytes / 10);
        LOG.debug(String.format(Locale.ROOT, "resident %.2f GB over %.2f GB: collected, now %.2f GB",
                resident / 1e9, budgetBytes / 1e9, after / 1e9));
        if (after > budgetBytes) {
            LOG.warn(String.format(Locale.ROOT, "resident memory %.2f GB stays over the %.2f GB budget after a "
                    + "collection; next collection at %.2f GB", after / 1e9, budgetBytes / 1e9, threshold / 1e9));
        }
    }

    /** How many collections the guard has run. */
    public int collections() {
        return collections;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
