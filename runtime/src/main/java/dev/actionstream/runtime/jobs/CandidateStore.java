package dev.actionstream.runtime.jobs;

import dev.actionstream.config.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registered candidates, each described by {@code candidate.json} next to its files in its job's
 * {@code candidate/} folder. That file is written last, after the model was exported and loaded: a folder without
 * it is not a candidate (a failed or interrupted job), so nothing is ever half-registered.
 */
public final class CandidateStore {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateStore.class);
    static final String FOLDER = "candidate";
    static final String RECORD = "candidate.json";

    private final Map<String, Candidate> byKey = new LinkedHashMap<>();

    /** Reads every candidate under {@code jobsDir}. */
    public CandidateStore(Path jobsDir) throws IOException {
        if (!Files.isDirectory(jobsDir)) {
            return;
        }
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(jobsDir, Files::isDirectory)) {
            List<Path> sorted = new ArrayList<>();
            jobs.forEach(sorted::add);
            sorted.sort((a, b) -> Long.compare(JobStore.number(a.getFileName().toString()),
                    JobStore.number(b.getFileName().toString())));
            for (Path job : sorted) {
                Path file = job.resolve(FOLDER).resolve(RECORD);
                if (Files.isRegularFile(file)) {
                    try {
                        Candidate c = Json.MAPPER.readValue(file.toFile(), Candidate.class);
                        byKey.put(c.key(), c);
                    } catch (IOException e) {
                        LOG.warn("{}: unreadable candidate record, skipped: {}", file, e.getMessage());
                    }
                }
            }
        }
    }

    /** Writes the record (the last step of registering) and lists the candidate. */
    synchronized void register(Candidate c, Path folder) throws IOException {
        Path tmp = folder.resolve(RECORD + ".tmp");
        Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(c));
        Files.move(tmp, folder.resolve(RECORD), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byKey.put(c.key(), c);
    }

    /** Records the promotion policy's decision in the candidate's record; false when there is no such candidate. */
    public synchronized boolean decided(String key, Candidate.Decision decision, Path jobsDir) throws IOException {
        Candidate c = byKey.get(key);
        if (c == null) {
            return false;
        }
        Candidate d = c.withDecision(decision);
        register(d, jobsDir.resolve(c.jobId()).resolve(FOLDER));
        return true;
    }

    public synchronized Optional<Candidate> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public synchronized List<Candidate> all() {
        return List.copyOf(byKey.values());
    }

    /** Whether job {@code id} registered a candidate. */
    synchronized boolean hasJob(String id) {
        return byKey.values().stream().anyMatch(c -> c.jobId().equals(id));
    }

    synchronized boolean contains(String key) {
        return byKey.containsKey(key);
    }
}
