package dev.actionstream.runtime.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.config.Json;
import dev.actionstream.config.ModelFiles;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.evaluation.HeldOutClips;
import dev.actionstream.runtime.evaluation.HeldOutComparison;
import dev.actionstream.runtime.evaluation.HeldOutEvaluator;
import dev.actionstream.runtime.evaluation.LabelledClip;
import dev.actionstream.config.SamplingConfig;
import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.models.ModelRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs training jobs one at a time on the {@code job-runner} thread; at most {@code maxQueued} wait. A job checks its
 * dataset and base, runs the trainer as a process ({@code train --progress-json}), then the exporter (parity proven,
 * or nothing is written), loads the export as serving would, and only then registers it as a {@link Candidate}. Any
 * failure ends the job with the reason and removes the candidate's folder; the serving model is never touched.
 *
 * <p>Cancelling a running job sends the process SIGTERM: the trainer finishes its batch and writes its run with the
 * best finished epoch (kept in the job folder), and the job ends cancelled without a candidate. Every change is saved
 * to {@code job.json} and handed to the listener (job events on the WebSocket).
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    static final String TRAIN_LOG = "train.log";
    static final String EXPORT_LOG = "export.log";
    static final String TRAIN_CONFIG = "train.yaml";
    /** A base run's record of its own training data (the trainer's {@code BaseTrainingData.FILE}). */
    static final String BASE_TRAINING_DATA = "training-data.json";
    /** The jobs folder's cache of base runs' clips, written again from their recipes (not a job: no job record). */
    static final String BASE_CLIPS = "base-clips";
    /** Lines of a failed process's log kept in mind to say why it failed. */
    private static final int TAIL_LINES = 20;

    private final JobSettings settings;
    private final JobStore store;
    private final CandidateStore candidates;
    private final ModelRegistry registry;
    private final HeldOutEvaluator evaluator;
    private final Consumer<JobRecord> listener;
    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
    private final Deque<String> queue = new ArrayDeque<>();
    private final Thread worker;
    private volatile Consumer<Candidate> registered = c -> { };
    private long nextId;
    private String running;
    private Process process;
    private boolean cancelRequested;
    private boolean closed;

    public JobRunner(JobSettings settings, ModelRegistry registry, Consumer<JobRecord> listener) throws IOException {
        this(settings, registry, new HeldOutEvaluator(RuntimeConfig.Pipeline.defaults()), listener);
    }

    /** @param evaluator scores each candidate and the serving model on the job's held-out captured clips */
    public JobRunner(JobSettings settings, ModelRegistry registry, HeldOutEvaluator evaluator,
                     Consumer<JobRecord> listener) throws IOException {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.store = new JobStore(settings.jobsDir());
        Files.createDirectories(store.dir());
        for (JobRecord j : store.loadAll()) {
            jobs.put(j.id(), j);
            nextId = Math.max(nextId, JobStore.number(j.id()));
        }
        this.candidates = new CandidateStore(store.dir());
        this.worker = new Thread(this::work, "job-runner");
        this.worker.setDaemon(true);
    }

    /**
     * What happens to each candidate once its job succeeded (the promotion policy), on the {@code job-runner} thread;
     * set once, before {@link #start}.
     */
    public void whenRegistered(Consumer<Candidate> then) {
        this.registered = Objects.requireNonNull(then, "then");
    }

    public void start() {
        worker.start();
    }

    public int defaultEpochs() {
        return settings.defaultEpochs();
    }

    public CandidateStore candidates() {
        return candidates;
    }

    public Path jobsDir() {
        return store.dir();
    }

    /**
     * Checks the request at once (dataset, labels, base: a bad one is refused with the reason and no job) and queues
     * the job; 429 when the queue is full.
     */
    public JobRecord submit(JobRequest request) throws JobRefusedException {
        BaseRun base = base(request.base());
        Path dataset = datasetFolder(request.dataset());
        JobDataset scanned = JobDataset.scan(dataset, request.labels(), base.labels(), settings.minClipsPerLabel());
        synchronized (this) {
            if (closed) {
                throw new JobRefusedException(503, "the server is stopping");
            }
            if (queue.size() >= settings.maxQueued()) {
                throw new JobRefusedException(429, "job queue full: " + queue.size() + " job(s) wait behind job "
                        + running + "; cancel one or retry later");
            }
            String id = Long.toString(++nextId);
            // The job it waits for: the one running, or one queued but not yet picked up by the runner thread.
            String ahead = running != null ? running : queue.peekLast();
            JobRecord job = new JobRecord(id, JobState.QUEUED, dataset.toString(), base.folder().toString(),
                    request.epochs(), request.timeBudgetSeconds(), request.learningRate(), scanned.labels(),
                    JobProgress.starting("queued"),
                    ahead == null ? null : "waiting for job " + ahead, null, store.folder(id).toString(),
                    Instant.now().toString(), null, null, base.spec().name(), base.labels(),
                    request.trainLayers() == null ? null : request.trainLayers().id());
            queue.addLast(id);
            update(job);
            notifyAll();
            return job;
        }
    }

    public synchronized List<JobRecord> list() {
        return List.copyOf(jobs.values());
    }

    public synchronized Optional<JobRecord> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Cancels a queued job at once, a running one by SIGTERM to its process; 409 for a finished one. */
    public synchronized JobRecord cancel(String id) throws JobRefusedException {
        JobRecord job = jobs.get(id);
        if (job == null) {
            throw new JobRefusedException(404, "no job " + id);
        }
        if (job.state().finished()) {
            throw new JobRefusedException(409, "job " + id + " already " + job.state().id());
        }
        if (queue.remove(id)) {
            return update(job.ended(JobState.CANCELLED, "cancelled before it started", null, Instant.now().toString()));
        }
        cancelRequested = true;
        if (process != null) {
            process.destroy();
        }
        return job;
    }

    private JobRecord update(JobRecord job) {
        synchronized (this) {
            jobs.put(job.id(), job);
        }
        try {
            store.save(job);
        } catch (IOException e) {
            LOG.warn("job {}: cannot save its record: {}", job.id(), e.getMessage());
        }
        try {
            listener.accept(job);
        } catch (RuntimeException e) {
            LOG.warn("job {}: event not delivered", job.id(), e);
        }
        return job;
    }

    private void work() {
        while (true) {
            JobRecord job;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                String id = queue.removeFirst();
                job = jobs.get(id);
                running = id;
                cancelRequested = false;
            }
            try {
                run(job);
            } catch (RuntimeException e) {
                LOG.error("job {} failed unexpectedly", job.id(), e);
                finish(job.id(), JobState.FAILED, "internal error: " + e, null);
            } finally {
                synchronized (this) {
                    running = null;
                    process = null;
                }
            }
            removeExpiredJobs();
        }
    }

    /**
     * Deletes the folders of finished jobs beyond the newest {@code keepJobs}, but never one that holds a candidate
     * (its files, and the run a later job may start from) or the serving model's files.
     */
    private void removeExpiredJobs() {
        LoadedModel serving = registry.active();
        Path servingFile = serving == null || serving.file() == null ? null
                : serving.file().toAbsolutePath().normalize();
        List<JobRecord> expired = JobRetention.expired(list(), settings.keepJobs(), j ->
                candidates.hasJob(j.id()) || (servingFile != null && servingFile.startsWith(store.folder(j.id()))));
        for (JobRecord j : expired) {
            synchronized (this) {
                jobs.remove(j.id());
            }
            deleteTree(store.folder(j.id()));
            LOG.info("job {}: folder removed (only the last {} finished jobs are kept)", j.id(), settings.keepJobs());
        }
    }

    private void run(JobRecord queued) {
        String id = queued.id();
        Path folder = store.folder(id);
        Path candidateDir = folder.resolve(CandidateStore.FOLDER);
        BaseRun base;
        JobDataset dataset;
        TrainingConfig config;
        try {
            base = BaseRun.open(Path.of(queued.base()));
            dataset = JobDataset.scan(Path.of(queued.dataset()), queued.labels(), base.labels(),
                    settings.minClipsPerLabel());
            long free = Files.getFileStore(store.dir()).getUsableSpace();
            if (free < settings.minFreeBytes()) {
                throw new JobRefusedException(507, "disk full: " + (free >> 20) + " MiB free in " + store.dir()
                        + ", a job needs " + (settings.minFreeBytes() >> 20) + " MiB");
            }
            dataset.linkInto(folder.resolve("data"));
            config = base.trainingConfig(queued.learningRate(), dataset.labels(), queued.trainLayers() == null ? null
                    : TrainingConfig.TrainLayers.of(queued.trainLayers()));
            Files.writeString(folder.resolve(TRAIN_CONFIG), ConfigLoader.toYaml(config));
        } catch (JobRefusedException e) {
            finish(id, JobState.FAILED, e.getMessage(), null);
            return;
        } catch (IOException e) {
            finish(id, JobState.FAILED, "cannot prepare the job folder " + folder + ": " + e.getMessage(), null);
            return;
        }
        update(queued.started(Instant.now().toString(), base.folder().toString(), dataset.labels()));
        Path run = folder.resolve("run");
        List<String> trainArgs = new ArrayList<>(List.of("--data", folder.resolve("data").toString(),
                "--config", folder.resolve(TRAIN_CONFIG).toString(),
                "--init", base.folder().toString(), "--init-layers", "matching",
                "--out", run.toString(), "--epochs", Integer.toString(queued.epochs()),
                "--name", modelName(base, id), "--no-progress", "--progress-json"));
        if (queued.timeBudgetSeconds() > 0) {
            trainArgs.addAll(List.of("--time-budget", Double.toString(queued.timeBudgetSeconds())));
        }
        WindowSampling sampling = base.spec().sampling();
        SamplingConfig taken = config.dataset().sampling();
        if (sampling != null && sampling.mode() == SamplingMode.RATE && taken.mode() == SamplingMode.RATE) {
            // Captured clips last seconds: many windows of each, not one per clip, one every window's length of the
            // base's frames (denser would cost training time and add little that is new); at a slower rate than the
            // base's (a teaching job's longer windows) they overlap.
            long hop = Math.max(1, Math.round(base.spec().framesPerWindow() * taken.fps() * sampling.intervalSeconds()));
            trainArgs.addAll(List.of("--window-hop", Long.toString(hop)));
        }
        if (Files.isRegularFile(base.folder().resolve(BASE_TRAINING_DATA))) {
            // The base's own clips beside the captured ones, or fine-tuning forgets the actions it knew.
            trainArgs.add("--merge-base-data");
            // Written once, shared by every later job from a run of the same recipes (35 s of a job otherwise).
            trainArgs.addAll(List.of("--base-clips-cache", settings.jobsDir().resolve(BASE_CLIPS).toString()));
        }
        Outcome trained = runProcess(id, settings.commands().trainCommand(trainArgs), folder.resolve(TRAIN_LOG), true);
        if (trained.cancelled) {
            finish(id, stopped(), (isClosed() ? "the server stopped" : "cancelled")
                    + (Files.isRegularFile(run.resolve("model.zip"))
                    ? "; the trainer kept its best finished epoch in " + run
                    : " before the first epoch finished; nothing kept"), null);
            return;
        }
        if (trained.exit != 0) {
            finish(id, JobState.FAILED, "training failed: " + trained.reason("train failed:"), null);
            return;
        }
        update(current(id).with(JobState.EXPORTING, null).withProgress(current(id).progress().withPhase("exporting")));
        String name = "taught-" + id;
        Path out = candidateDir.resolve(name + ".onnx");
        List<String> exportArgs = new ArrayList<>(List.of("--model", run.toString(), "--out", out.toString(), "--name",
                name));
        if (base.spec().architecture() == Architecture.LRCN) {
            exportArgs.add("--split-form");
        }
        try {
            Files.createDirectories(candidateDir);
        } catch (IOException e) {
            finish(id, JobState.FAILED, "cannot create " + candidateDir + ": " + e.getMessage(), null);
            return;
        }
        Outcome exported = runProcess(id, settings.commands().exportCommand(exportArgs), folder.resolve(EXPORT_LOG),
                false);
        if (exported.cancelled) {
            deleteTree(candidateDir);
            finish(id, stopped(), (isClosed() ? "the server stopped" : "cancelled")
                    + " while exporting; the run is kept in " + run, null);
            return;
        }
        if (exported.exit != 0 || !Files.isRegularFile(out)) {
            deleteTree(candidateDir);
            finish(id, JobState.FAILED, "export failed: " + exported.reason("export failed:"), null);
            return;
        }
        register(id, name, out, run, candidateDir);
    }

    /**
     * Loads the export as serving would and scores it, with the serving model, on the held-out captured clips; only a
     * model that loads is recorded, last, as a candidate.
     */
    private void register(String id, String name, Path out, Path run, Path candidateDir) {
        ModelSpec spec;
        HeldOutComparison heldOut;
        try (LoadedModel m = registry.loadStandby(out)) {
            spec = m.spec();
            update(current(id).withProgress(current(id).progress().withPhase("evaluating")));
            long started = System.nanoTime();
            // The split's paths are relative to the data the trainer read: the merged folder in the run when the base's
            // own clips were merged in, else the job's links to the captured labels.
            Path trained = Files.isDirectory(run.resolve("data")) ? run.resolve("data")
                    : store.folder(id).resolve("data");
            heldOut = compareHeldOut(m, run, Path.of(current(id).dataset()), trained);
            LOG.info("job {}: held-out comparison of {} clip(s) in {} ms: {}", id, heldOut.clips(),
                    (System.nanoTime() - started) / 1_000_000, heldOut.reason() != null ? heldOut.reason()
                            : "candidate " + heldOut.candidate().accuracy() + ", serving "
                            + (heldOut.active() == null ? "-" : heldOut.active().accuracy()));
        } catch (ModelRejectedException e) {
            deleteTree(candidateDir);
            finish(id, JobState.FAILED, "the exported model does not load: " + e.getMessage(), null);
            return;
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(candidateDir)) {
            s.filter(p -> ModelFiles.isOnnx(p.getFileName().toString())).sorted()
                    .forEach(p -> files.add(p.getFileName().toString()));
        } catch (IOException e) {
            deleteTree(candidateDir);
            finish(id, JobState.FAILED, "cannot list " + candidateDir + ": " + e.getMessage(), null);
            return;
        }
        String key = out.getFileName().toString();
        Candidate c = new Candidate(key, id, name, spec.version(), spec.labels(), run.toString(), files,
                heldOutAccuracy(run), heldOut, Instant.now().toString(), null);
        try {
            candidates.register(c, candidateDir);
        } catch (IOException e) {
            deleteTree(candidateDir);
            finish(id, JobState.FAILED, "cannot register the candidate: " + e.getMessage(), null);
            return;
        }
        LOG.info("job {}: candidate {} registered ({} labels {})", id, key, spec.labels().size(), spec.labels());
        finish(id, JobState.SUCCEEDED, null, key);
        try {
            registered.accept(c);
        } catch (RuntimeException e) {
            LOG.error("job {}: the candidate's promotion policy failed", id, e);
        }
    }

    /**
     * The candidate and the serving model (a copy loaded for this, so the served instance is never shared) on the
     * job's held-out captured clips. Never fails the job: what could not be compared is said in the reason.
     */
    private HeldOutComparison compareHeldOut(LoadedModel candidate, Path run, Path dataset, Path data) {
        List<LabelledClip> clips;
        try {
            clips = HeldOutClips.of(run, data, dataset);
        } catch (IOException e) {
            return new HeldOutComparison(0, Map.of(), null, null, null, "no held-out clips: " + e.getMessage());
        }
        LoadedModel serving = registry.active();
        if (serving == null || serving.file() == null) {
            return evaluator.compare(clips, candidate, null, null);
        }
        try (LoadedModel copy = registry.loadStandby(serving.file())) {
            return evaluator.compare(clips, candidate, copy, serving.key());
        } catch (ModelRejectedException e) {
            LOG.warn("job: the serving model {} could not be loaded again to compare: {}", serving.key(),
                    e.getMessage());
            return evaluator.compare(clips, candidate, null, null);
        }
    }

    private static Double heldOutAccuracy(Path run) {
        try {
            JsonNode e = Json.MAPPER.readTree(run.resolve("evaluation.json").toFile());
            return e.hasNonNull("accuracy") ? e.get("accuracy").asDouble() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void finish(String id, JobState state, String reason, String candidate) {
        JobRecord j = current(id);
        JobProgress p = j.progress() == null ? JobProgress.starting(state.id()) : j.progress();
        if (state == JobState.SUCCEEDED) {
            p = new JobProgress("done", p.epoch(), p.epochs(), p.batch(), p.batches(), p.loss(), p.accuracy(),
                    p.valLoss(), p.valAccuracy(), null, 1);
        }
        if (reason != null) {
            LOG.info("job {} {}: {}", id, state.id(), reason);
        }
        update(j.withProgress(p).ended(state, reason, candidate, Instant.now().toString()));
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** A job stopped by the user is cancelled; one stopped because the server is stopping was interrupted. */
    private JobState stopped() {
        return isClosed() ? JobState.INTERRUPTED : JobState.CANCELLED;
    }

    private synchronized JobRecord current(String id) {
        return jobs.get(id);
    }

    /** How a process ended: its exit status, whether it was cancelled, and the last lines it printed. */
    private record Outcome(int exit, boolean cancelled, List<String> tail) {
        String reason(String marker) {
            for (int i = tail.size() - 1; i >= 0; i--) {
                String l = tail.get(i);
                int at = l.indexOf(marker);
                if (at >= 0) {
                    String why = l.substring(at + marker.length()).trim();
                    return why + exitNote();
                }
            }
            List<String> last = tail.subList(Math.max(0, tail.size() - 3), tail.size());
            return (last.isEmpty() ? "no output" : String.join(" | ", last)) + exitNote();
        }

        private String exitNote() {
            if (exit > 128) {
                return " (the process was killed by signal " + (exit - 128) + ")";
            }
            return " (exit status " + exit + ")";
        }
    }

    private Outcome runProcess(String id, List<String> command, Path log, boolean progress) {
        Process p;
        synchronized (this) {
            if (cancelRequested || closed) {
                return new Outcome(143, true, List.of());
            }
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                // ND4J's OpenMP threads spin by default and would take the cores the streams are served on.
                pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
                p = pb.start();
            } catch (IOException e) {
                return new Outcome(-1, false, List.of("cannot start " + command.get(0) + ": " + e.getMessage()));
            }
            process = p;
        }
        LOG.info("job {}: started {}", id, String.join(" ", command));
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            w.write("$ " + String.join(" ", command) + System.lineSeparator());
            String line;
            while ((line = in.readLine()) != null) {
                w.write(line);
                w.write(System.lineSeparator());
                w.flush();
                if (line.startsWith(JobProgress.PREFIX)) {
                    if (progress) {
                        JobRecord j = current(id);
                        update(j.withProgress(j.progress().update(line)));
                    }
                    continue;
                }
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        } catch (IOException e) {
            LOG.warn("job {}: log {} not fully written: {}", id, log, e.getMessage());
        } catch (RuntimeException e) {
            // Never leave a trainer running that nobody reads or can cancel.
            p.destroyForcibly();
            throw e;
        }
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            exit = 143;
        }
        boolean cancelled;
        synchronized (this) {
            process = null;
            cancelled = cancelRequested || closed;
        }
        return new Outcome(exit, cancelled, new ArrayList<>(tail));
    }

    /** Deletes {@code dir} and what is in it; links (a job's {@code data/} links to label folders) are not followed. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }

    /** A dataset name (a folder under the capture datasets) or a path. */
    private Path datasetFolder(String dataset) throws JobRefusedException {
        Path named = settings.datasetsDir().resolve(dataset).normalize();
        if (!dataset.contains("/") && Files.isDirectory(named)) {
            return named.toAbsolutePath();
        }
        Path p = Path.of(dataset);
        if (Files.isDirectory(p)) {
            return p.toAbsolutePath().normalize();
        }
        throw new JobRefusedException(404, "no dataset '" + dataset + "': neither a capture dataset in "
                + settings.datasetsDir() + " nor a folder");
    }

    /** The given run, or the serving model's: a promoted candidate's run, else a run folder named like it. */
    private BaseRun base(String given) throws JobRefusedException {
        if (given != null && !given.isBlank()) {
            return BaseRun.open(Path.of(given));
        }
        LoadedModel active = registry.active();
        if (active == null) {
            throw new JobRefusedException(422, "no base given and no model is serving");
        }
        Optional<Candidate> promoted = candidates.get(active.key());
        if (promoted.isPresent()) {
            return BaseRun.open(Path.of(promoted.get().run()));
        }
        String stem = ModelFiles.group(active.key());
        List<Path> tried = new ArrayList<>();
        for (Path dir : settings.runsDirs()) {
            for (String n : List.of(active.spec().name(), stem)) {
                Path f = dir.resolve(n);
                tried.add(f);
                if (Files.isRegularFile(f.resolve("model.zip"))) {
                    return BaseRun.open(f);
                }
            }
        }
        throw new JobRefusedException(422, "the serving model " + active.key() + " has no training run here (looked"
                + " in " + tried + "); give \"base\": a run folder");
    }

    /** Stops the worker; a running process gets SIGTERM and its job ends interrupted. */
    @Override
    public void close() {
        Process p;
        String r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            p = process;
            r = running;
            notifyAll();
        }
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            worker.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (r != null) {
            JobRecord j = current(r);
            if (j != null && !j.state().finished()) {
                update(j.ended(JobState.INTERRUPTED, "the server stopped while the job was " + j.state().id(), null,
                        Instant.now().toString()));
            }
        }
    }

    /** The taught model's name: its base's, without an earlier job's suffix, and this job's. */
    static String modelName(BaseRun base, String id) {
        return base.spec().name().replaceFirst("-taught-\\d+$", "") + "-taught-" + id;
    }
}
