package dev.actionstream.runtime.models;

import dev.actionstream.config.ModelFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
 * registry. A file is read only once it is complete. A file renamed into place (an atomic move, as the exporter and
 * uploads do) arrives whole: it is read after the short debounce interval. A file written in place (a copy, a slow
 * network transfer) is read once no event came for it and its size and modification time held still for the settle
 * time ({@code models.settleMillis}); copying tools pause between pieces for longer than a debounce interval, so
 * anything shorter read half-written files. A file that stays empty is reported once and then left alone until it
 * changes. Hidden files and {@code .part}/{@code .tmp} names are ignored. {@code X.onnx}, {@code X.encoder.onnx} and
 * {@code X.head.onnx} settle together as one model ({@link ModelFiles#group}), so an export of both forms is one swap.
 */
public final class ModelDirectoryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectoryWatcher.class);

    private final ModelRegistry registry;
    private final Path dir;
    private final long debounceMillis;
    private final long settleMillis;
    private final WatchService watch;
    private final Thread thread;
    private final Map<String, Pending> pending = new HashMap<>();
    private volatile boolean closed;

    private static final class Pending {
        /** The last event for the group's files, or the last time its target file was seen to change. */
        long lastChangeNanos;
        /** A split half changed, not just the canonical file: load even if the canonical file is unchanged. */
        boolean halfChanged;
        /** Written in place (a modify event): it must settle, not just debounce. */
        boolean written;
        ModelRegistry.FileStamp stamp;
    }

    /**
     * @param debounceMillis quiet time for files renamed into place; also sets how often the directory is looked at
     * @param settleMillis   quiet time, with size and modification time unchanged, for files written in place
     */
    public ModelDirectoryWatcher(ModelRegistry registry, Path dir, long debounceMillis, long settleMillis)
            throws IOException {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        if (debounceMillis < 0 || settleMillis < 0) {
            throw new IllegalArgumentException("debounce and settle times must be >= 0");
        }
        this.debounceMillis = debounceMillis;
        this.settleMillis = Math.max(settleMillis, debounceMillis);
        Files.createDirectories(this.dir);
        this.watch = this.dir.getFileSystem().newWatchService();
        this.dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(this::run, "model-watcher");
        this.thread.setDaemon(true);
    }

    /** Why a directory cannot be watched, in words: the JDK's messages for these are often just the path. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return "a file of that name exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
                            Pending p = pending.computeIfAbsent(ModelFiles.group(file), g -> new Pending());
                            p.lastChangeNanos = System.nanoTime();
                            p.halfChanged |= ModelFiles.isHalf(file);
                            // A rename into place is a create alone; writing in place also modifies.
                            p.written |= event.kind() == StandardWatchEventKinds.ENTRY_MODIFY;
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

    /**
     * The file that loads a group, decided once its files settled: {@code X.onnx} when present (the loader serves it
     * split when its halves are beside it), else the head of a split pair; {@code null} when neither exists.
     */
    static Path target(Path dir, String group) {
        Path full = dir.resolve(ModelFiles.fullName(group));
        if (Files.isRegularFile(full)) {
            return full;
        }
        Path head = dir.resolve(ModelFiles.headName(group));
        return Files.isRegularFile(head) ? head : null;
    }

    static boolean candidate(String name) {
        return ModelFiles.isOnnx(name) && !name.startsWith(".") && !name.endsWith(".part") && !name.endsWith(".tmp");
    }

    /**
     * Loads groups whose files stopped changing: no event and the same size and modification time for the debounce
     * interval (renamed into place) or the settle time (written in place).
     */
    private void settle() {
        long now = System.nanoTime();
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Pending> e = it.next();
            Pending p = e.getValue();
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
            if (!stamp.equals(p.stamp)) {
                // Also catches writes whose events were lost or coalesced (network filesystems, overflow).
                p.stamp = stamp;
                p.lastChangeNanos = now;
                continue;
            }
            // An empty file may be a copy that has not written its first piece yet.
            long quiet = p.written || stamp.size() == 0 ? settleMillis : debounceMillis;
            if (now - p.lastChangeNanos < TimeUnit.MILLISECONDS.toNanos(quiet)) {
                continue;
            }
            it.remove();
            if (stamp.size() == 0) {
                registry.reject(file.getFileName() + ": empty file in " + dir + ", not loaded; it is read again when"
                        + " it changes");
                continue;
            }
            if (registry.alreadyLoaded(file) && (!p.halfChanged || halvesLoaded(file))) {
                continue;
            }
            load(file);
        }
    }

    /** Whether the halves beside a full file are exactly those last loaded with it (e.g. a promotion's own copy). */
    private boolean halvesLoaded(Path full) {
        if (ModelFiles.isHalf(full.getFileName().toString())) {
            return false;
        }
        for (Path half : new Path[] {ModelFiles.encoderBeside(full), ModelFiles.headBeside(full)}) {
            if (Files.exists(half) && !registry.alreadyLoaded(half)) {
                return false;
            }
        }
        return true;
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
