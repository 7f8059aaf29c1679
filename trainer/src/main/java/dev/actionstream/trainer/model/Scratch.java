package dev.actionstream.trainer.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Off-heap arrays a native layer allocates in one pass, freed together on {@link #close()}, and {@link #release} for
 * one array. Why: ND4J's arrays live off-heap behind small Java objects, so the garbage collector sees little pressure
 * while native memory grows; left to it, an LRCN run grew past 17 GB and a ConvLSTM run past 23 GB (6 GB heap).
 */
final class Scratch implements AutoCloseable {

    private final List<INDArray> arrays = new ArrayList<>();

    /** Registers a newly allocated array (not a view) to be freed on close, and returns it. */
    INDArray keep(INDArray array) {
        arrays.add(array);
        return array;
    }

    @Override
    public void close() {
        for (INDArray array : arrays) {
            release(array);
        }
        arrays.clear();
    }

    /** Frees {@code array} now, if it owns its memory (null, views, workspace and closed arrays are left alone). */
    static void release(INDArray array) {
        if (array != null && !array.wasClosed() && array.closeable()) {
            array.close();
        }
    }
}
