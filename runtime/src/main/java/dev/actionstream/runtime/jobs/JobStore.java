package dev.actionstream.runtime.jobs;

import dev.actionstream.config.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The jobs folder: one folder per job ({@code jobs/<id>/}) holding {@code job.json}, the trainer's and exporter's
 * logs, the run and the candidate's files. {@code job.json} is replaced atomically, so a crash leaves the previous
 * record, never half of one.
 */
public final class JobStore {

    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    static final String RECORD = "job.json";

    private final Path dir;

    public JobStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    Path folder(String id) {
        return dir.resolve(id);
    }

    void save(JobRecord job) throws IOException {
        Path folder = folder(job.id());
        Files.createDirectories(folder);
        Path tmp = folder.resolve(RECORD + ".tmp");
        Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(job));
        try {
            Files.move(tmp, folder.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, folder.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Every job on disk, oldest first. A job that was not finished when the server stopped is marked
     * {@link JobState#INTERRUPTED} (and saved so), since no process is working on it any more.
     */
    List<JobRecord> loadAll() throws IOException {
        List<JobRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path f : folders) {
                Path file = f.resolve(RECORD);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                JobRecord job;
                try {
                    job = Json.MAPPER.readValue(file.toFile(), JobRecord.class);
                } catch (IOException e) {
                    LOG.warn("{}: unreadable job record, skipped: {}", file, e.getMessage());
                    continue;
                }
                if (!job.state().finished()) {
                    job = job.ended(JobState.INTERRUPTED, "the server stopped while the job was " + job.state().id()
                            + "; start it again", null, Instant.now().toString());
                    save(job);
                }
                out.add(job);
            }
        }
        out.sort(Comparator.comparingLong(j -> number(j.id())));
        return out;
    }

    /** Job ids are increasing numbers; anything else sorts first. */
    static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
