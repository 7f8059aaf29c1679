package dev.actionstream.runtime.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether the shared libraries ONNX Runtime's CUDA provider links against can be found, looked up the way the dynamic
 * linker would: {@code LD_LIBRARY_PATH}, the ldconfig cache, the standard library folders. Asking first keeps a
 * machine without CUDA from ever calling {@code addCUDA}, which makes ONNX Runtime extract its CUDA provider library
 * (hundreds of MB) and print a red "Failed to load library" before the Java side can say anything calmer.
 */
public final class CudaLibraries {

    /** The sonames onnxruntime_gpu's CUDA provider needs (CUDA 12, cuDNN 9). */
    public static final List<String> REQUIRED = List.of("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12",
            "libcufft.so.11", "libcurand.so.10", "libcudnn.so.9");

    static final List<Path> STANDARD_DIRS = List.of(Path.of("/usr/local/cuda/lib64"),
            Path.of("/usr/local/cuda/targets/x86_64-linux/lib"), Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib64"), Path.of("/lib64"), Path.of("/usr/lib"),
            Path.of("/lib"));

    private final List<Path> dirs;
    private final Supplier<Set<String>> ldconfigCache;

    /** @param ldconfigCache sonames known to the ldconfig cache, asked only when a library is not in {@code dirs} */
    CudaLibraries(List<Path> dirs, Supplier<Set<String>> ldconfigCache) {
        this.dirs = List.copyOf(dirs);
        this.ldconfigCache = Objects.requireNonNull(ldconfigCache, "ldconfigCache");
    }

    /** {@code LD_LIBRARY_PATH}, then the standard folders, then {@code ldconfig -p}. */
    public static CudaLibraries onThisMachine() {
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(STANDARD_DIRS);
        return new CudaLibraries(dirs, CudaLibraries::ldconfigSonames);
    }

    /** The required libraries that cannot be found, in {@link #REQUIRED} order; empty when CUDA may work. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        Set<String> cache = null;
        for (String lib : REQUIRED) {
            if (dirs.stream().anyMatch(d -> Files.exists(d.resolve(lib)))) {
                continue;
            }
            if (cache == null) {
                cache = ldconfigCache.get();
            }
            if (!cache.contains(lib)) {
                missing.add(lib);
            }
        }
        return missing;
    }

    /** Sonames listed by {@code ldconfig -p} ("\tlibfoo.so.1 (libc6,x86-64) => /path"); empty if it cannot run. */
    static Set<String> ldconfigSonames() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(ldconfig))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                Set<String> names = parseLdconfig(new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).lines().toList());
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroy();
                }
                return names;
            } catch (IOException e) {
                return Set.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Set.of();
            }
        }
        return Set.of();
    }

    static Set<String> parseLdconfig(List<String> lines) {
        Set<String> names = new HashSet<>();
        for (String line : lines) {
            String t = line.strip();
            int space = t.indexOf(' ');
            if (t.startsWith("lib") && space > 0 && t.contains("=>")) {
                names.add(t.substring(0, space));
            }
        }
        return names;
    }
}
