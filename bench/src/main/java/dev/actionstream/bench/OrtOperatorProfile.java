package dev.actionstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.actionstream.config.Architecture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Where ONNX Runtime spends a window's time, by operator type: runs a model on one random batch-1 window with ONNX
 * Runtime's own profiler on (CPU provider, all graph optimisations, sleeping threads, as the runtime serves) and sums
 * the profiler's kernel times per operator. The profiler adds overhead per node, so the shares matter, not the total.
 *
 * <p>{@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.actionstream.bench.OrtOperatorProfile
 * MODEL.onnx|convlstm|lrcn [RUNS] [THREADS]}: {@code convlstm} or {@code lrcn} builds and exports the seeds'-size model
 * the JMH benchmarks time ({@link SeedsModels}).
 */
public final class OrtOperatorProfile {

    private OrtOperatorProfile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: OrtOperatorProfile MODEL.onnx|convlstm|lrcn [RUNS (50)] [THREADS (2)]");
            System.exit(2);
        }
        if (args[0].equals("convlstm") || args[0].equals("lrcn")) {
            Architecture architecture = Architecture.of(args[0]);
            try (ExportedNetwork seeds = ExportedNetwork.build(SeedsModels.training(architecture),
                    SeedsModels.spec(architecture), false)) {
                profile(seeds.model(), args);
            }
        } else {
            profile(Path.of(args[0]), args);
        }
    }

    private static void profile(Path model, String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("ort-profile");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path profile;
        try (OrtSession session = OrtSessions.open(env, model, threads, false, dir.resolve("profile"))) {
            String input = session.getInputNames().iterator().next();
            long[] shape = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
            shape[0] = 1;
            long size = 1;
            for (long d : shape) {
                size *= d;
            }
            FloatBuffer window = OrtSessions.direct(Math.toIntExact(size));
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < size; i++) {
                window.put(i, (float) random.nextDouble());
            }
            try (OnnxTensor tensor = OrtSessions.over(env, window, shape)) {
                for (int i = 0; i < runs; i++) {
                    session.run(Map.of(input, tensor)).close();
                }
            }
            profile = Path.of(session.endProfiling());
        }
        Map<String, long[]> byOperator = new TreeMap<>();
        long total = 0;
        for (JsonNode event : new ObjectMapper().readTree(profile.toFile())) {
            if ("Node".equals(event.path("cat").asText()) && event.path("name").asText().endsWith("_kernel_time")) {
                long[] sum = byOperator.computeIfAbsent(event.path("args").path("op_name").asText(), k -> new long[2]);
                sum[0] += event.path("dur").asLong();
                sum[1]++;
                total += event.path("dur").asLong();
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d runs, %d threads: %.0f us of kernel time per run%n", model, runs,
                threads, total / (double) runs);
        System.out.printf(Locale.ROOT, "%-20s %12s %7s %10s%n", "operator", "us per run", "share", "nodes/run");
        long all = total;
        byOperator.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> System.out.printf(Locale.ROOT, "%-20s %12.1f %6.1f%% %10.0f%n", e.getKey(),
                        e.getValue()[0] / (double) runs, 100.0 * e.getValue()[0] / all, e.getValue()[1] / (double) runs));
        Files.deleteIfExists(profile);
        Files.deleteIfExists(dir);
    }
}
