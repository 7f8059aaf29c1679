package dev.actionstream.runtime.cluster;

import dev.actionstream.config.RuntimeConfig;

/** What serves the streams a node is assigned: the serving runtime ({@code ServeAssembly}) on a node. */
public interface StreamHost {

    /** Starts serving {@code stream}; throws (IllegalArgumentException, IllegalStateException) when it cannot. */
    void add(RuntimeConfig.Stream stream);

    /** Stops serving {@code name} (its frames in flight are scored first); false when it was not served. */
    boolean remove(String name);
}
