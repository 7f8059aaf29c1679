package dev.actionstream.exporter;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.OnnxContract;
import dev.actionstream.exporter.convert.UnsupportedLayerException;
import dev.actionstream.exporter.parity.OrtModel;
import dev.actionstream.exporter.parity.ParityCheck;
import dev.actionstream.exporter.parity.ParityException;
import dev.actionstream.exporter.parity.ParityReport;
import dev.actionstream.trainer.model.NetworkOutput;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelExporterTest {

    private static final PrintWriter LOG = new PrintWriter(System.out, true);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} T={1} {2}x{3}")
    @CsvSource({
            "CONVLSTM, 4, 16, 16",
            "CONVLSTM, 6, 24, 32",
            "CONVLSTM, 8, 32, 32",
            "LRCN, 4, 16, 16",
            "LRCN, 6, 24, 32",
            "LRCN, 8, 32, 32",
    })
    void exportedModelMatchesDl4j(Architecture architecture, int frames, int height, int width) throws IOException {
        ModelSpec spec = TestFixtures.spec(architecture, frames, height, width);
        MultiLayerNetwork net = TestFixtures.small(spec, 7);
        Path out = dir.resolve("model.onnx");

        ExportResult result = new ModelExporter(LOG).export(net, spec, "runs/test", out, false, List.of(), 6, 1);

        assertTrue(Files.isRegularFile(out));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals(1, result.parity().size());
        ParityReport parity = result.parity().get(0);
        assertEquals(6, parity.windows());
        assertTrue(parity.passed(ParityCheck.TOLERANCE), parity.toString());
        System.out.println("measured " + architecture + " T=" + frames + " " + height + "x" + width + ": " + parity);
    }

    @ParameterizedTest(name = "{0} at the seeds' size")
    @CsvSource({"CONVLSTM", "LRCN"})
    void seedsSizedModelMatchesDl4j(Architecture architecture) {
        ModelSpec spec = TestFixtures.spec(architecture, 20, 64, 64);
        MultiLayerNetwork net = TestFixtures.seeds(spec);
        Path out = dir.resolve("seeds.onnx");

        ExportResult result = new ModelExporter(LOG).export(net, spec, "runs/seeds", out, false, List.of(), 3, 2);

        ParityReport parity = result.parity().get(0);
        assertTrue(parity.passed(ParityCheck.TOLERANCE), parity.toString());
        System.out.println("measured " + architecture + " T=20 64x64 (seeds' layers): " + parity);
        printTiming(architecture, net, spec, out);
    }

    /** A first indication only (JMH comes later): not asserted. */
    private static void printTiming(Architecture architecture, MultiLayerNetwork net, ModelSpec spec, Path onnx) {
        List<float[]> one = ParityCheck.randomWindows(spec, 1, 5);
        float[] data = one.get(0);
        long[] shape = {1, spec.framesPerWindow(), spec.channels(), spec.frameHeight(), spec.frameWidth()};
        try (OrtModel model = new OrtModel(onnx)) {
            for (int i = 0; i < 3; i++) {
                NetworkOutput.predict(net, spec, one);
                model.run(OnnxContract.FRAMES, data, shape);
            }
            int runs = 5;
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                NetworkOutput.predict(net, spec, one);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                model.run(OnnxContract.FRAMES, data, shape);
            }
            long t2 = System.nanoTime();
            System.out.printf("timing %s one window batch 1: DL4J output() %.1f ms, ONNX Runtime %.1f ms%n",
                    architecture, (t1 - t0) / 1e6 / runs, (t2 - t1) / 1e6 / runs);
        }
    }

    @Test
    void splitFormMatchesOnePieceAndDl4j() {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 6, 24, 32);
        MultiLayerNetwork net = TestFixtures.small(spec, 11);
        Path out = dir.resolve("lrcn.onnx");

        ExportResult result = new ModelExporter(LOG).export(net, spec, "runs/split", out, true, List.of(), 6, 3);

        assertEquals(dir.resolve("lrcn.encoder.onnx"), result.encoder().orElseThrow());
        assertEquals(dir.resolve("lrcn.head.onnx"), result.head().orElseThrow());
        assertTrue(Files.isRegularFile(result.encoder().get()));
        assertTrue(Files.isRegularFile(result.head().get()));
        assertEquals(2, result.parity().size());
        for (ParityReport r : result.parity()) {
            assertTrue(r.passed(ParityCheck.TOLERANCE), r.toString());
            System.out.println("measured LRCN T=6 24x32 split: " + r);
        }
    }

    @Test
    void metadataDescribesEveryFile() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16);
        MultiLayerNetwork net = TestFixtures.small(spec, 5);
        Path out = dir.resolve("m.onnx");

        new ModelExporter(LOG).export(net, spec, "/runs/lrcn-1", out, true, List.of(), 2, 3);

        Map<String, String> full = metadata(out);
        assertEquals(spec, ModelSpec.fromJson(full.get(ModelSpec.METADATA_KEY)));
        assertEquals("full", full.get(ModelForm.METADATA_KEY));
        assertEquals("lrcn-1", full.get(OnnxContract.SOURCE_RUN_KEY));
        assertEquals("m.encoder.onnx", full.get(OnnxContract.ENCODER_KEY));
        assertEquals("m.head.onnx", full.get(OnnxContract.HEAD_KEY));

        Map<String, String> encoder = metadata(dir.resolve("m.encoder.onnx"));
        Map<String, String> head = metadata(dir.resolve("m.head.onnx"));
        assertEquals("encoder", encoder.get(ModelForm.METADATA_KEY));
        assertEquals("head", head.get(ModelForm.METADATA_KEY));
        assertEquals("m.head.onnx", encoder.get(OnnxContract.PAIR_KEY));
        assertEquals("m.encoder.onnx", head.get(OnnxContract.PAIR_KEY));
        // Three pooling stages of 2 take 16x16 down to 2x2, with the last stage's 8 filters.
        assertEquals("32", encoder.get(OnnxContract.FEATURE_SIZE_KEY));
        assertEquals(encoder.get(OnnxContract.FEATURE_SIZE_KEY), head.get(OnnxContract.FEATURE_SIZE_KEY));
        assertEquals(spec, ModelSpec.fromJson(encoder.get(ModelSpec.METADATA_KEY)));
        assertEquals(spec, ModelSpec.fromJson(head.get(ModelSpec.METADATA_KEY)));

        try (var env = new OrtSessionProbe(out)) {
            assertEquals("actionstream-exporter", env.producer());
            assertEquals(3, env.version());
            assertTrue(env.description().contains("frames [N, 4, 3, 16, 16]"), env.description());
        }
    }

    @Test
    void metadataNamesTrainingDataAndSourceRunByFolderNameOnly() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16, List.of("walk", "run", "jump", "wave"),
                "/home/someone/data/synthetic12w");
        MultiLayerNetwork net = TestFixtures.small(spec, 5);
        Path out = dir.resolve("m.onnx");

        new ModelExporter(LOG).export(net, spec, "/home/someone/runs/lrcn-1/", out, true, List.of(), 2, 3);

        for (Path file : List.of(out, dir.resolve("m.encoder.onnx"), dir.resolve("m.head.onnx"))) {
            Map<String, String> meta = metadata(file);
            ModelSpec written = ModelSpec.fromJson(meta.get(ModelSpec.METADATA_KEY));
            assertEquals("synthetic12w", written.trainingData());
            assertEquals(spec.withTrainingData("synthetic12w"), written);
            assertEquals("lrcn-1", meta.get(OnnxContract.SOURCE_RUN_KEY));
            assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    .contains("/home/someone"), file + " holds a path of the exporting machine");
        }
        assertEquals("synthetic12w", ModelExporter.folderName("../../data/synthetic12w"));
    }

    @Test
    void modelVersionComesFromTheSpecVersionDigits() {
        assertEquals(20261126134500L, ModelExporter.modelVersion("20261126-134500"));
        assertEquals(3, ModelExporter.modelVersion("3"));
        assertEquals(1, ModelExporter.modelVersion("first"));
        assertEquals(1, ModelExporter.modelVersion("1234567890123456789012"));
    }

    @Test
    void answersDoNotDependOnBatchSize() {
        ModelSpec spec = TestFixtures.spec(Architecture.CONVLSTM, 4, 16, 16);
        MultiLayerNetwork net = TestFixtures.small(spec, 13);
        Path out = dir.resolve("c.onnx");
        new ModelExporter(LOG).export(net, spec, "runs/c", out, false, List.of(), 2, 3);

        List<float[]> windows = ParityCheck.randomWindows(spec, 3, 99);
        float[] batch = new float[3 * spec.windowSize()];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(windows.get(i), 0, batch, i * spec.windowSize(), spec.windowSize());
        }
        try (OrtModel model = new OrtModel(out)) {
            float[][] together = model.run(OnnxContract.FRAMES, batch, 3, 4, 3, 16, 16);
            assertEquals(3, together.length);
            for (int i = 0; i < 3; i++) {
                float[][] alone = model.run(OnnxContract.FRAMES, windows.get(i), 1, 4, 3, 16, 16);
                assertArrayEquals(alone[0], together[i], 1e-6f);
            }
            // Different windows give different answers, so the comparison above is not vacuous.
            assertFalse(java.util.Arrays.equals(together[0], together[1]));
        }
    }

    /** Layers the trainer's LRCN does not use today but the converter maps: strided padded conv, sequence head. */
    @Test
    void sequenceHeadAndStridedConvolutionMatchDl4j() {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 5, 20, 24);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(5)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.TANH).name("conv").build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).name("pool").build())
                .layer(new LSTM.Builder().nOut(6).activation(Activation.TANH).name("lstm").build())
                .layer(new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nOut(4)
                        .activation(Activation.SOFTMAX).name("out").build())
                .inputPreProcessor(0, new RnnToCnnPreProcessor(20, 24, 3, RNNFormat.NWC))
                .setInputType(InputType.recurrent(3 * 20 * 24, 5, RNNFormat.NWC))
                .build());
        net.init();
        net.getLayer(3).getParam("W").muli(5);

        ExportResult result = new ModelExporter(LOG).export(net, spec, "runs/v", dir.resolve("v.onnx"), true,
                List.of(), 6, 4);

        for (ParityReport r : result.parity()) {
            assertTrue(r.passed(ParityCheck.TOLERANCE), r.toString());
        }
    }

    @Test
    void unsupportedLayerIsNamedAndNothingIsWritten() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).name("conv0").build())
                .layer(new BatchNormalization.Builder().name("bn").build())
                .layer(new LastTimeStep(new LSTM.Builder().nOut(4).name("lstm").build()))
                .layer(new OutputLayer.Builder().nOut(4).activation(Activation.SOFTMAX).name("softmax").build())
                .inputPreProcessor(0, new RnnToCnnPreProcessor(16, 16, 3, RNNFormat.NWC))
                .setInputType(InputType.recurrent(3 * 16 * 16, 4, RNNFormat.NWC))
                .build());
        net.init();
        Path out = dir.resolve("model.onnx");
        Files.writeString(out, "previous model");

        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                () -> new ModelExporter(LOG).export(net, spec, "runs/bad", out, false, List.of(), 2, 1));

        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
        assertTrue(e.getMessage().contains("BatchNormalization"), e.getMessage());
        assertTrue(e.getMessage().contains("'bn'"), e.getMessage());
        assertEquals("previous model", Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList());
        }
    }

    @Test
    void failedParityWritesNothingAndKeepsThePreviousFile() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16);
        MultiLayerNetwork net = TestFixtures.small(spec, 2);
        Path out = dir.resolve("model.onnx");
        Files.writeString(out, "previous model");
        // DL4J and ONNX Runtime treat NaN differently in ReLU and max-pooling: a corrupt window cannot pass.
        float[] corrupt = ParityCheck.randomWindows(spec, 1, 1).get(0);
        corrupt[17] = Float.NaN;

        ParityException e = assertThrows(ParityException.class, () -> new ModelExporter(LOG)
                .export(net, spec, "runs/nan", out, true, List.of(corrupt), 2, 1));

        assertTrue(e.getMessage().contains("parity check failed"), e.getMessage());
        assertEquals("previous model", Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no encoder, head or temporary file is left behind");
        }
    }

    @Test
    void splitFormIsRefusedForConvLstm() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.CONVLSTM, 4, 16, 16);
        MultiLayerNetwork net = TestFixtures.small(spec, 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelExporter(LOG).export(net, spec, "runs/c", dir.resolve("c.onnx"), true, List.of(), 2, 1));

        assertTrue(e.getMessage().contains("--split-form"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    private static Map<String, String> metadata(Path file) {
        try (OrtModel m = new OrtModel(file)) {
            return m.customMetadata();
        }
    }
}
