package dev.actionstream.trainer.dataset;

import dev.actionstream.config.DatasetConfig;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A dataset folder decoded into train, validation and test {@link WindowSet}s. The split is drawn over clips, then
 * each clip gives its windows (one, or several with a sliding sampling), so a clip's windows never straddle the split. Unreadable or empty videos are reported
 * by name in {@link #skipped()} and left out; they never stop a run. The split is taken from the run's split file when
 * it exists (reproducible evaluation) and otherwise drawn and written there.
 */
public final class PreparedDataset {

    private final List<String> classes;
    private final WindowSet train;
    private final WindowSet validation;
    private final WindowSet test;
    private final List<String> skipped;
    private final DatasetSplit split;

    private PreparedDataset(List<String> classes, WindowSet train, WindowSet validation, WindowSet test,
                            List<String> skipped, DatasetSplit split) {
        this.classes = classes;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.skipped = List.copyOf(skipped);
        this.split = split;
    }

    public static PreparedDataset load(Path root, DatasetConfig config, Path splitFile) {
        return load(root, config, splitFile, true);
    }

    /** As above; {@code progress} false keeps the console quiet (logs, CI). */
    public static PreparedDataset load(Path root, DatasetConfig config, Path splitFile, boolean progress) {
        VideoFolderDataset dataset = VideoFolderDataset.scan(root);
        DatasetSplit existing = splitFile != null && Files.isRegularFile(splitFile)
                ? readMatching(splitFile, root, dataset) : null;
        List<VideoSample> wanted = dataset.samples();
        if (existing != null) {
            Set<String> listed = new HashSet<>(existing.train());
            listed.addAll(existing.validation());
            listed.addAll(existing.test());
            wanted = listedIn(listed, root, wanted);
        }
        List<String> skipped = new ArrayList<>();
        Map<Path, List<float[]>> windows = decode(wanted, config, skipped, progress);
        List<VideoSample> readable = wanted.stream().filter(s -> windows.containsKey(s.file())).toList();
        DatasetSplit split = existing != null ? existing
                : DatasetSplit.stratified(root, dataset.classes(), readable, config);
        if (existing == null && splitFile != null) {
            split.write(splitFile);
        }
        Map<String, VideoSample> byRelative = byRelative(root, readable);
        return new PreparedDataset(dataset.classes(),
                windowSet(split.train(), byRelative, windows, config),
                windowSet(split.validation(), byRelative, windows, config),
                windowSet(split.test(), byRelative, windows, config),
                skipped, split);
    }

    /**
     * Only the videos that one part ({@code train}, {@code validation} or {@code test}) of an existing split file
     * lists, decoded: an export's parity check or an evaluation needs the held-out clips, not the whole training set
     * in memory as well.
     */
    public static Part loadPart(Path root, DatasetConfig config, Path splitFile, String part, boolean progress) {
        VideoFolderDataset dataset = VideoFolderDataset.scan(root);
        List<String> relatives = readMatching(splitFile, root, dataset).part(part);
        List<VideoSample> wanted = listedIn(new HashSet<>(relatives), root, dataset.samples());
        List<String> skipped = new ArrayList<>();
        Map<Path, List<float[]>> windows = decode(wanted, config, skipped, progress);
        List<VideoSample> readable = wanted.stream().filter(s -> windows.containsKey(s.file())).toList();
        return new Part(dataset.classes(), windowSet(relatives, byRelative(root, readable), windows, config));
    }

    /** One decoded part of a split: the dataset's classes and the part's windows (videos left out are logged). */
    public record Part(List<String> classes, WindowSet windows) {
    }

    private static DatasetSplit readMatching(Path splitFile, Path root, VideoFolderDataset dataset) {
        DatasetSplit split = DatasetSplit.read(splitFile);
        if (!split.classes().equals(dataset.classes())) {
            throw new IllegalArgumentException("split file " + splitFile + " lists classes " + split.classes()
                    + " but " + root + " has " + dataset.classes());
        }
        return split;
    }

    private static List<VideoSample> listedIn(Set<String> relatives, Path root, List<VideoSample> samples) {
        return samples.stream().filter(s -> relatives.contains(root.relativize(s.file()).toString())).toList();
    }

    private static Map<String, VideoSample> byRelative(Path root, List<VideoSample> samples) {
        Map<String, VideoSample> byRelative = new HashMap<>();
        for (VideoSample s : samples) {
            byRelative.put(root.relativize(s.file()).toString(), s);
        }
        return byRelative;
    }

    /** Decodes (or reads from the tensor cache) every sample; unreadable ones are named in {@code skipped}. */
    private static Map<Path, List<float[]>> decode(List<VideoSample> samples, DatasetConfig config, List<String> skipped,
                                             boolean progress) {
        Path cacheDir = config.cacheDir().isBlank() ? TensorCache.defaultDir() : Path.of(config.cacheDir());
        Map<Path, List<float[]>> windows = decodeAll(samples, config, new TensorCache(cacheDir, config), skipped, progress);
        for (String s : skipped) {
            System.err.println("skipped " + s);
        }
        return windows;
    }

    private static Map<Path, List<float[]>> decodeAll(List<VideoSample> samples, DatasetConfig config, TensorCache cache,
                                                List<String> skipped, boolean progress) {
        int threads = Math.max(1, Math.min(samples.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "decode");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<ClipDecoder> decoders = ThreadLocal.withInitial(() -> new ClipDecoder(config));
        int size = config.framesPerWindow() * 3 * config.frameHeight() * config.frameWidth();
        Map<Path, List<float[]>> result = new HashMap<>();
        try (ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("Decoding").setInitialMax(samples.size())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build() : null) {
            List<Future<Object>> futures = new ArrayList<>();
            for (VideoSample s : samples) {
                futures.add(pool.submit(() -> {
                    float[] cached = cache.get(s.file(), size);
                    if (cached != null) {
                        return split(cached, size);
                    }
                    try {
                        List<float[]> w = decoders.get().decodeWindows(s.file());
                        cache.put(s.file(), concat(w, size));
                        return w;
                    } catch (VideoDecodeException e) {
                        return e;
                    }
                }));
            }
            for (int i = 0; i < samples.size(); i++) {
                Object outcome = futures.get(i).get();
                if (outcome instanceof List<?> w) {
                    @SuppressWarnings("unchecked")
                    List<float[]> windows = (List<float[]>) w;
                    result.put(samples.get(i).file(), windows);
                } else {
                    skipped.add(((Exception) outcome).getMessage());
                }
                if (bar != null) {
                    bar.step();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IllegalStateException("cannot write the tensor cache: " + io.getMessage(), io);
            }
            throw new IllegalStateException("decoding failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        return result;
    }

    private static List<float[]> split(float[] windows, int size) {
        List<float[]> out = new ArrayList<>(windows.length / size);
        for (int from = 0; from < windows.length; from += size) {
            out.add(java.util.Arrays.copyOfRange(windows, from, from + size));
        }
        return out;
    }

    private static float[] concat(List<float[]> windows, int size) {
        if (windows.size() == 1) {
            return windows.get(0);
        }
        float[] all = new float[windows.size() * size];
        for (int i = 0; i < windows.size(); i++) {
            System.arraycopy(windows.get(i), 0, all, i * size, size);
        }
        return all;
    }

    /** Every window of every listed clip, a clip's windows together; the split is by clip, so no clip crosses it. */
    private static WindowSet windowSet(List<String> relatives, Map<String, VideoSample> byRelative,
                                       Map<Path, List<float[]>> windows, DatasetConfig config) {
        List<float[]> ws = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String rel : relatives) {
            VideoSample s = byRelative.get(rel);
            if (s == null) {
                System.err.println("split lists " + rel + ", which is missing or unreadable now; left out");
                continue;
            }
            for (float[] w : Objects.requireNonNull(windows.get(s.file()))) {
                ws.add(w);
                files.add(s.file());
                labels.add(s.labelIndex());
            }
        }
        return new WindowSet(ws, labels.stream().mapToInt(Integer::intValue).toArray(), files,
                config.framesPerWindow(), 3, config.frameHeight(), config.frameWidth());
    }

    public List<String> classes() {
        return classes;
    }

    public WindowSet train() {
        return train;
    }

    public WindowSet validation() {
        return validation;
    }

    public WindowSet test() {
        return test;
    }

    /** One line per video left out: file name and why. */
    public List<String> skipped() {
        return skipped;
    }

    public DatasetSplit split() {
        return split;
    }
}
