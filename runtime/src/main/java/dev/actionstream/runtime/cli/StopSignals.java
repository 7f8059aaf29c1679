package dev.actionstream.runtime.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns SIGTERM and SIGINT into an orderly stop of a long-running command. Without it the JVM answers SIGTERM by
 * running shutdown hooks and exiting 143, even when the hook shut everything down cleanly; with it the command
 * returns normally and the process exits 0. {@link #restore()} puts the previous handlers back (the JVM's default
 * handler starts the shutdown hooks, so a second signal after restore still ends the process).
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final String[] NAMES = {"TERM", "INT"};

    private final Map<Signal, SignalHandler> previous;

    private StopSignals(Map<Signal, SignalHandler> previous) {
        this.previous = previous;
    }

    /** Runs {@code stop} on its own thread when SIGTERM or SIGINT arrives; signals the JVM refuses are skipped. */
    static StopSignals install(Runnable stop) {
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        SignalHandler handler = signal -> {
            LOG.info("SIG{} received, shutting down", signal.getName());
            Thread t = new Thread(stop, "stop-on-sig" + signal.getName().toLowerCase(java.util.Locale.ROOT));
            t.start();
        };
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                previous.put(signal, Signal.handle(signal, handler));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal for itself (e.g. -Xrs): the shutdown hook still stops us, exit 143.
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return new StopSignals(previous);
    }

    /** Puts back the handlers that were there before {@link #install}. */
    void restore() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot restore SIG{}: {}", signal.getName(), e.getMessage());
            }
        });
    }
}
