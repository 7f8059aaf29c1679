package dev.actionstream.runtime.models;

import dev.actionstream.config.ModelFiles;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The loaded models and the one that serves. Loading and validation run on the caller's thread (the directory
 * watcher's or an API request's), never on the scoring thread; {@link #active()} is a single volatile read.
 *
 * <p>Retirement is a hand-off through the ring: a model that stops being reachable (replaced, evicted) is retired
 * with the ring cursor at that moment. Producers read {@link #active()} only after claiming a slot, so no slot after
 * that cursor can point at it; the scoring thread closes it in {@link #reclaim} once it has consumed up to the
 * cursor and no window still uses it. In-flight runs therefore always finish on an open session.
 *
 * <p>Names accepted by {@link #activate}: the registry key (the model's file name, e.g. {@code walk-v2.onnx}),
 * {@code name@version}, or a model name when exactly one loaded model has it.
 */
public final class ModelRegistry implements ModelControl {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    static final int MAX_LOADED = 8;
    static final int MAX_ERRORS = 20;

    private final ModelLoader loader;
    private final Path dir;
    private final RuntimeMetrics metrics;
    private final AtomicReference<LoadedModel> active = new AtomicReference<>();
    private final Map<String, LoadedModel> loaded = new LinkedHashMap<>();
    private final Deque<String> errors = new ArrayDeque<>();
    private final List<Retired> retired = new ArrayList<>();
    private final Map<Path, FileStamp> knownFiles = new LinkedHashMap<>();
    private volatile LongSupplier cursor;
    private long swaps;

    private record Retired(LoadedModel model, long cursor) {
    }

    /** Identity, size and modification time of a file, so the watcher neither loads it twice nor half-written. */
    record FileStamp(Object fileKey, long size, FileTime modified) {
        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.fileKey(), a.size(), a.lastModifiedTime());
        }
    }

    public ModelRegistry(ModelLoader loader, Path dir, RuntimeMetrics metrics) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Ties retirement to the ring: retired models close only after the consumer passed this cursor. Without it
     * (no pipeline running) retired models close at once.
     */
    public void retireThrough(LongSupplier ringCursor) {
        this.cursor = ringCursor;
    }

    /** The serving model, or {@code null} before the first successful load. */
    public LoadedModel active() {
        return active.get();
    }

    public Path dir() {
        return dir;
    }

    /**
     * Loads {@code file} and makes it the serving model. A rejection is logged, counted and listed in
     * {@link #recentErrors()}; the serving model stays.
     */
    public LoadedModel loadAndActivate(Path file) throws ModelRejectedException {
        LoadedModel model;
        try {
            model = loader.load(file);
        } catch (ModelRejectedException e) {
            reject(e.getMessage());
            throw e;
        }
        FileStamp stamp = null;
        try {
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            // Only used to skip a duplicate load; a missing stamp means at most one extra reload.
        }
        register(model, file.toAbsolutePath().normalize(), stamp);
        if (model.split() && !ModelFiles.isHalf(file.getFileName().toString())) {
            // Its halves were read too: the watcher need not reload the model when it sees them arrive.
            rememberStamps(ModelFiles.encoderBeside(file), ModelFiles.headBeside(file));
        }
        return model;
    }

    /**
     * Loads {@code file} as serving would (parse, contract, bounds, warm-up) without serving or keeping it: the
     * caller gets the loaded model to own and close (e.g. a candidate checked before it is registered, or shadowed).
     */
    public LoadedModel loadStandby(Path file) throws ModelRejectedException {
        return loader.load(file);
    }

    private synchronized void rememberStamps(Path... files) {
        for (Path f : files) {
            try {
                knownFiles.put(f.toAbsolutePath().normalize(), FileStamp.of(f));
            } catch (IOException e) {
                // At most one extra reload.
            }
        }
    }

    /** Whether the watcher may skip {@code file}: it is exactly what was last loaded from that path. */
    public synchronized boolean alreadyLoaded(Path file) {
        FileStamp known = knownFiles.get(file.toAbsolutePath().normalize());
        if (known == null) {
            return false;
        }
        try {
            return known.equals(FileStamp.of(file));
        } catch (IOException e) {
            return false;
        }
    }

    private void register(LoadedModel model, Path file, FileStamp stamp) {
        LoadedModel previous;
        synchronized (this) {
            if (stamp != null) {
                knownFiles.put(file, stamp);
            }
            LoadedModel sameKey = loaded.remove(model.key());
            loaded.put(model.key(), model);
            previous = active.getAndSet(model);
            if (previous != null) {
                swaps++;
                metrics.swaps().increment();
            }
            if (sameKey != null && sameKey != previous) {
                retire(sameKey);
            }
            if (previous != null && sameKey == previous) {
                retire(previous);
            }
            evictBeyondLimit();
        }
        LOG.info("serving model {}{}", model, previous == null ? "" : " (was " + previous + ")");
    }

    private void evictBeyondLimit() {
        Iterator<LoadedModel> it = loaded.values().iterator();
        while (loaded.size() > MAX_LOADED && it.hasNext()) {
            LoadedModel oldest = it.next();
            if (oldest != active.get()) {
                it.remove();
                retire(oldest);
            }
        }
    }

    private void retire(LoadedModel model) {
        LongSupplier c = cursor;
        retired.add(new Retired(model, c == null ? Long.MIN_VALUE : c.getAsLong()));
        if (c == null) {
            reclaim(Long.MAX_VALUE, m -> false);
        }
    }

    /**
     * Closes retired models that nothing can reach any more. Called by the scoring thread between batches with the
     * highest sequence it has consumed and whether a window still uses a model.
     */
    public void reclaim(long consumed, Predicate<LoadedModel> inUse) {
        List<LoadedModel> closing = new ArrayList<>();
        synchronized (this) {
            if (retired.isEmpty()) {
                return;
            }
            Iterator<Retired> it = retired.iterator();
            while (it.hasNext()) {
                Retired r = it.next();
                if (consumed >= r.cursor() && !inUse.test(r.model()) && r.model() != active.get()
                        && !loaded.containsValue(r.model())) {
                    it.remove();
                    closing.add(r.model());
                }
            }
        }
        for (LoadedModel m : closing) {
            m.close();
            LOG.info("closed retired model {}", m);
        }
    }

    /** Whether there are retired models waiting for {@link #reclaim}: lets the scorer skip the check cheaply. */
    public synchronized boolean hasRetired() {
        return !retired.isEmpty();
    }

    public synchronized long swaps() {
        return swaps;
    }

    public synchronized List<String> recentErrors() {
        return List.copyOf(errors);
    }

    /** Records a model that was not accepted: log, metric, status. */
    public void reject(String message) {
        if (active.get() == null) {
            LOG.warn("model rejected (no model is serving yet): {}", message);
        } else {
            LOG.warn("model rejected, current model keeps serving: {}", message);
        }
        metrics.rejections().increment();
        synchronized (this) {
            errors.addLast(Instant.now() + " " + message);
            while (errors.size() > MAX_ERRORS) {
                errors.removeFirst();
            }
        }
    }

    @Override
    public synchronized List<ModelInfo> models() {
        LoadedModel current = active.get();
        List<ModelInfo> out = new ArrayList<>();
        for (LoadedModel m : loaded.values()) {
            out.add(m.info(m == current));
        }
        return out;
    }

    /**
     * Validates the upload in place, and only if it is usable copies it into the models directory under a
     * sanitised name (temporary file, then atomic rename, so the watcher never sees half a file) and serves it.
     */
    @Override
    public ModelInfo install(String fileName, Path uploaded) throws ModelRejectedException {
        String name = sanitise(fileName);
        LoadedModel model;
        try {
            model = loader.load(uploaded, name);
        } catch (ModelRejectedException e) {
            reject(e.getMessage());
            throw e;
        }
        if (model.split()) {
            model.close();
            String msg = name + ": split (encoder + head) models are installed by copying both files into " + dir;
            reject(msg);
            throw new ModelRejectedException(msg);
        }
        Path target = dir.resolve(name).toAbsolutePath().normalize();
        FileStamp stamp;
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".upload-", ".part");
            Files.copy(uploaded, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            stamp = FileStamp.of(target);
        } catch (IOException e) {
            model.close();
            String msg = name + ": validated but could not be stored in " + dir + ": " + e;
            reject(msg);
            throw new ModelRejectedException(msg, e);
        }
        model.relocated(target);
        register(model, target, stamp);
        return model.info(true);
    }

    @Override
    public ModelInfo activate(String name) throws ModelRejectedException {
        LoadedModel chosen;
        LoadedModel previous;
        synchronized (this) {
            chosen = find(name);
            previous = active.getAndSet(chosen);
            if (previous != chosen) {
                swaps++;
                metrics.swaps().increment();
            }
        }
        LOG.info("activated model {}", chosen);
        return chosen.info(true);
    }

    private LoadedModel find(String name) throws ModelRejectedException {
        LoadedModel byKey = loaded.get(name);
        if (byKey != null) {
            return byKey;
        }
        List<LoadedModel> matches = new ArrayList<>();
        for (LoadedModel m : loaded.values()) {
            String full = m.spec().name() + "@" + m.spec().version();
            if (full.equals(name) || m.spec().name().equals(name)) {
                matches.add(m);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new NoSuchModelException("no loaded model named '" + name + "'; loaded: " + loaded.keySet());
        }
        throw new ModelRejectedException("'" + name + "' is ambiguous: " + matches.size() + " loaded models answer "
                + "to it; activate one by its key: " + matches.stream().map(LoadedModel::key).toList());
    }

    /** Keeps letters, digits, '.', '-', '_' of the last path element; forces the .onnx suffix. */
    static String sanitise(String fileName) {
        String base = fileName == null ? "" : fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        if (base.isEmpty() || base.equals(".onnx")) {
            base = "model";
        }
        if (!base.endsWith(".onnx")) {
            base = base + ".onnx";
        }
        return base.length() > 128 ? base.substring(base.length() - 128) : base;
    }

    /**
     * Closes every model; call after the scoring thread stopped. The last active model stays reported by
     * {@link #active()} (closed), so a final status still says what served.
     */
    public void closeAll() {
        List<LoadedModel> all = new ArrayList<>();
        synchronized (this) {
            all.addAll(loaded.values());
            for (Retired r : retired) {
                all.add(r.model());
            }
            retired.clear();
            LoadedModel a = active.get();
            if (a != null) {
                all.add(a);
            }
        }
        all.forEach(LoadedModel::close);
    }
}
