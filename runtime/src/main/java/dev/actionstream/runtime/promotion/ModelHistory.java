package dev.actionstream.runtime.promotion;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.actionstream.config.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model history ({@code history.json}): every promotion and rollback in order, rewritten atomically after each.
 * What a rollback returns to is found by walking it: each promotion pushes the model it replaced, each rollback pops.
 */
public final class ModelHistory {

    private final Path file;
    private final List<HistoryEntry> entries = new ArrayList<>();

    public ModelHistory(Path file) throws IOException {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        if (Files.isRegularFile(file)) {
            entries.addAll(Json.MAPPER.readValue(file.toFile(), new TypeReference<List<HistoryEntry>>() {
            }));
        }
    }

    public synchronized List<HistoryEntry> entries() {
        return List.copyOf(entries);
    }

    synchronized void append(HistoryEntry e) throws IOException {
        entries.add(e);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException x) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException x) {
            entries.remove(entries.size() - 1);
            throw x;
        }
    }

    /** The promotion a rollback would undo now, if any. */
    synchronized Optional<HistoryEntry> lastUndoable() {
        Deque<HistoryEntry> stack = new ArrayDeque<>();
        for (HistoryEntry e : entries) {
            if ("promote".equals(e.action())) {
                stack.push(e);
            } else if (!stack.isEmpty()) {
                stack.pop();
            }
        }
        return Optional.ofNullable(stack.peek());
    }
}
