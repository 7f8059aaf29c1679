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
    private static final long DEFAULT_SETTLE_NANOS = 2_000_000_000L;
    static final long NATIVE_HEADROOM_GIB = 4;

    private final long budgetBytes;
    private final long settleNanos;
    private final LongSupplier residentBytes;
    private long threshold;
    private int collections;

    /**
     * @param budgetBytes   resident memory (heap included) above which the collector runs
     * @param residentBytes the process's resident memory now
     */
    public NativeMemoryGuard(long budgetBytes, LongSupplier residentBytes) {
        this(budgetBytes, residentBytes, DEFAULT_SETTLE_NANOS);
    }

    /** @param settleNanos how long to wait after a collection for the deallocator threads to free memory */
    NativeMemoryGuard(long budgetBytes, LongSupplier residentBytes, long settleNanos) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("budgetBytes must be > 0, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.settleNanos = settleNanos;
        this.residentBytes = residentBytes;
        this.threshold = budgetBytes;
    }

    /**
     * The budget set by JavaCPP's {@code org.bytedeco.javacpp.maxPhysicalBytes} property when it is given, otherwise
     * the maximum heap plus {@value #NATIVE_HEADROOM_GIB} GiB for native arrays; never more than 80 % of the machine.
     */
    public static NativeMemoryGuard forThisMachine() {
        boolean configured = System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") != null
                || System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") != null;
        long machine = Pointer.totalPhysicalBytes();
        return new NativeMemoryGuard(budget(configured ? Pointer.maxPhysicalBytes() : 0,
                Runtime.getRuntime().maxMemory(), machine), Pointer::physicalBytes);
    }

    /** See {@link #forThisMachine()}; {@code configured} and {@code machine} are 0 when unknown. */
    static long budget(long configured, long maxHeap, long machine) {
        long budget = configured > 0 ? configured : maxHeap + (NATIVE_HEADROOM_GIB << 30);
        return machine > 0 ? Math.min(budget, machine / 10 * 8) : budget;
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
        long deadline = System.nanoTime() + settleNanos;
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
