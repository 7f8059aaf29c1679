package dev.actionstream.runtime.server;

import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.models.NoSuchModelException;
import dev.actionstream.runtime.models.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small real {@link ModelControl} for server tests: keeps installed files' bytes, rejects files that do not start
 * with {@link #MAGIC} (as a real one rejects files ONNX Runtime cannot load) and models named {@code broken*}.
 */
final class InMemoryModels implements ModelControl {

    static final byte[] MAGIC = "ONNX-TEST".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, byte[]> installed = new ConcurrentHashMap<>();
    private final List<String> installNames = new ArrayList<>();
    private volatile String active = "base.onnx";
    private volatile Path lastUploadPath;

    InMemoryModels() {
        installed.put("base.onnx", MAGIC);
        installed.put("broken.onnx", MAGIC);
    }

    @Override
    public synchronized List<ModelInfo> models() {
        List<ModelInfo> out = new ArrayList<>();
        installed.keySet().stream().sorted().forEach(n -> out.add(info(n)));
        return out;
    }

    @Override
    public synchronized ModelInfo install(String fileName, Path uploaded) throws ModelRejectedException {
        installNames.add(fileName);
        lastUploadPath = uploaded;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(uploaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelRejectedException("not a loadable ONNX model: " + fileName);
        }
        installed.put(fileName, bytes);
        return info(fileName);
    }

    @Override
    public synchronized ModelInfo activate(String name) throws ModelRejectedException {
        if (name.startsWith("broken")) {
            throw new ModelRejectedException("model '" + name + "' failed validation: output shape [1, 3] != labels 4");
        }
        if (!installed.containsKey(name)) {
            throw new NoSuchModelException("no such model " + name);
        }
        active = name;
        return info(name);
    }

    synchronized byte[] bytesOf(String name) {
        return installed.get(name);
    }

    /** The temporary file of the last install call (the server must delete it afterwards). */
    Path lastUploadPath() {
        return lastUploadPath;
    }

    synchronized List<String> installNames() {
        return List.copyOf(installNames);
    }

    private ModelInfo info(String name) {
        return new ModelInfo(name, name, "1", "CONVLSTM", List.of("waving", "walking", "clapping", "idle"), 16, 32, 32,
                "models/" + name, name.equals(active), "2026-11-26T13:00:00Z");
    }
}
