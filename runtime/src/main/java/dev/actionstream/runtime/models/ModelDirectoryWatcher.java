package dev.actionstream.runtime.models;

import dev.actionstream.runtime.status.ModelControl.ModelRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Watches the models directory ({@code model-watcher} thread) and hands new or replaced {@code .onnx} files to the
 * registry. A file is read only once it is complete: no event for it during the debounce interval and the same
 * size and modification time on two looks in a row (copying tools write in pieces; an atomic rename arrives whole).
 * Hidden files and {@code .part}/{@code .tmp} names are ignored. {@code X.onnx}, {@code X.encoder.onnx} and
 * {@code X.head.onnx} settle together as one model, so an export of both forms is one swap.
 */
public final class ModelDirectoryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectoryWatcher.class);

    private final ModelRegistry registry;
    private final Path dir;
    private final long debounceMillis;
    private final WatchService watch;
    private final Thread thread;
    private final Map<String, Pending> pending = new HashMap<>();
    private volatile boolean closed;

    private static final class Pending {
        long lastEventNanos;
        /** A split half changed, not just the canonical file: load even if the canonical file is unchanged. */
        boolean halfChanged;
        ModelRegistry.FileStamp stamp;
    }

    public ModelDirectoryWatcher(ModelRegistry registry, Path dir, long debounceMillis) throws IOException {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.debounceMillis = debounceMillis;
        Files.createDirectories(this.dir);
        this.watch = this.dir.getFileSystem().newWatchService();
        this.dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(this::run, "model-watcher");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                WatchKey key = watch.poll(Math.max(20, debounceMillis / 2), TimeUnit.MILLISECONDS);
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.context() instanceof Path name && candidate(name.toString())) {
                            String file = name.toString();
                            Pending p = pending.computeIfAbsent(group(file), g -> new Pending());
                            p.lastEventNanos = System.nanoTime();
                            p.halfChanged |= !file.equals(group(file) + ".onnx");
                        }
                    }
                    key.reset();
                }
                settle();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing.
        }
    }

    /** {@code X.onnx}, {@code X.encoder.onnx} and {@code X.head.onnx} are one model: {@code X}. */
    static String group(String name) {
        for (String suffix : new String[] {".encoder.onnx", ".head.onnx", ".onnx"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /**
     * The file that loads a group, decided once its files settled: {@code X.onnx} when present (the loader serves it
     * split when its halves are beside it), else the head of a split pair; {@code null} when neither exists.
     */
    static Path target(Path dir, String group) {
        Path full = dir.resolve(group + ".onnx");
        if (Files.isRegularFile(full)) {
            return full;
        }
        Path head = dir.resolve(group + ".head.onnx");
        return Files.isRegularFile(head) ? head : null;
    }

    static boolean candidate(String name) {
        return name.endsWith(".onnx") && !name.startsWith(".") && !name.endsWith(".part") && !name.endsWith(".tmp");
    }

    /** Loads files whose events stopped and whose size held still since the last look. */
    private void settle() {
        long now = System.nanoTime();
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Pending> e = it.next();
            Pending p = e.getValue();
            if (now - p.lastEventNanos < TimeUnit.MILLISECONDS.toNanos(debounceMillis)) {
                continue;
            }
            Path file = target(dir, e.getKey());
            ModelRegistry.FileStamp stamp;
            try {
                if (file == null) {
                    it.remove();
                    continue;
                }
                stamp = ModelRegistry.FileStamp.of(file);
            } catch (IOException gone) {
                it.remove();
                continue;
            }
            if (!stamp.equals(p.stamp) || stamp.size() == 0) {
                p.stamp = stamp;
                p.lastEventNanos = now;
                continue;
            }
            it.remove();
            if (!p.halfChanged && registry.alreadyLoaded(file)) {
                continue;
            }
            load(file);
        }
    }

    private void load(Path target) {
        try {
            LOG.info("models directory: loading {}", target.getFileName());
            registry.loadAndActivate(target);
        } catch (ModelRejectedException e) {
            // Already logged and listed by the registry.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            // Nothing to recover.
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
