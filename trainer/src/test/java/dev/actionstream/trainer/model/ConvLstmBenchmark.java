package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;

/**
 * Times the seeds' ConvLSTM (20x64x64x3, filters 4/8/14/16, 4 classes) on this machine: one training iteration on a
 * minibatch of 8, and {@code output()} for one window. Not a test; run it by hand:
 * <pre>
 *   mvn -B -o -q -pl trainer test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp trainer/target/test-classes:trainer/target/classes:$(cat trainer/target/cp.txt) \
 *       dev.actionstream.trainer.model.ConvLstmBenchmark [iterations] [convlstm|lrcn]
 * </pre>
 * The first iteration (workspace sizing, JIT) is reported separately and left out of the mean. Wall time depends on
 * other load on the machine; the process CPU time beside it much less so.
 */
public final class ConvLstmBenchmark {

    private ConvLstmBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Architecture architecture = args.length > 1 ? Architecture.of(args[1]) : Architecture.CONVLSTM;
        ModelSpec spec = TestSpecs.spec(architecture, 20, 64, 64, 4);
        MultiLayerNetwork net = NetworkFactory.build(TrainingConfig.defaults().withArchitecture(architecture), spec);
        List<float[]> batch = TestSpecs.randomWindows(8, spec, 1);
        INDArray input = NetworkInput.of(architecture, batch, spec);
        INDArray labels = Nd4j.zeros(8, 4);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 4, 1.0);
        }
        DataSet data = new DataSet(input, labels);
        long t0 = System.nanoTime();
        net.fit(data);
        double firstFit = (System.nanoTime() - t0) / 1e6;
        double fitTotal = 0;
        long fitCpu = cpuNanos();
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            net.fit(data);
            fitTotal += (System.nanoTime() - s) / 1e6;
        }
        fitCpu = cpuNanos() - fitCpu;
        INDArray one = NetworkInput.of(architecture, List.of(batch.get(0)), spec);
        t0 = System.nanoTime();
        net.output(one, false);
        double firstOutput = (System.nanoTime() - t0) / 1e6;
        double outTotal = 0;
        int outputs = iterations * 4;
        long outCpu = cpuNanos();
        for (int i = 0; i < outputs; i++) {
            long s = System.nanoTime();
            net.output(one, false);
            outTotal += (System.nanoTime() - s) / 1e6;
        }
        outCpu = cpuNanos() - outCpu;
        System.out.printf(Locale.ROOT, "%s %,d params, %d cores: fit(batch 8, 20x64x64) first %.0f ms, mean of %d %.0f ms"
                        + " (process CPU %.0f ms); output(1 window) first %.0f ms, mean of %d %.1f ms (process CPU %.1f ms)%n",
                architecture.id(), net.numParams(), Runtime.getRuntime().availableProcessors(), firstFit, iterations,
                fitTotal / iterations, fitCpu / 1e6 / iterations, firstOutput, outputs, outTotal / outputs,
                outCpu / 1e6 / outputs);
    }

    /** CPU time of the whole process (all native threads), less sensitive than wall time to other load. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
