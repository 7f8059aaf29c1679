package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.WindowSet;
import dev.actionstream.trainer.model.NetworkFactory;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @Test
    void lossFallsOnLearnableWindowsForBothArchitectures() {
        for (Architecture a : Architecture.values()) {
            TrainingConfig cfg = TinyData.config(a, 6, 0);
            ModelSpec spec = TinyData.spec(a);
            List<EpochMetrics> seen = new ArrayList<>();
            TrainingResult result = new Trainer(cfg, spec, seen::add, false)
                    .fit(NetworkFactory.build(cfg, spec), TinyData.windows(16, 1, false), TinyData.windows(8, 2, false));

            assertEquals(6, result.epochs().size(), a.id());
            assertEquals(result.epochs(), seen, a.id());
            double first = result.epochs().get(0).loss();
            double last = result.epochs().get(5).loss();
            assertTrue(last < first * 0.8, a.id() + ": loss " + first + " -> " + last);
            assertFalse(result.stoppedEarly());
        }
    }

    @Test
    void sameSeedGivesIdenticalMetrics() {
        TrainingConfig cfg = TinyData.config(Architecture.CONVLSTM, 2, 0);
        ModelSpec spec = TinyData.spec(Architecture.CONVLSTM);
        WindowSet train = TinyData.windows(12, 1, false);
        WindowSet validation = TinyData.windows(4, 2, false);

        List<EpochMetrics> a = strip(new Trainer(cfg, spec, m -> { }, false)
                .fit(NetworkFactory.build(cfg, spec), train, validation).epochs());
        List<EpochMetrics> b = strip(new Trainer(cfg, spec, m -> { }, false)
                .fit(NetworkFactory.build(cfg, spec), train, validation).epochs());

        assertEquals(a, b);
    }

    @Test
    void stopRequestEndsTrainingAfterTheCurrentBatchWithTheBestFinishedEpoch() {
        // Misleading validation split: the best epoch is an early one, so restoring it is visible in the weights.
        TrainingConfig cfg = TinyData.config(Architecture.LRCN, 20, 0);
        ModelSpec spec = TinyData.spec(Architecture.LRCN);
        WindowSet validation = TinyData.windows(8, 2, true);
        MultiLayerNetwork net = NetworkFactory.build(cfg, spec);
        StopRequest stop = new StopRequest();
        int[] batches = {0};
        net.addListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                // 16 windows in batches of 4: batch 14 is the second of epoch 4.
                if (++batches[0] == 14) {
                    assertTrue(stop.request(), "a training under way: worth waiting for");
                }
            }
        });

        TrainingResult result = new Trainer(cfg, spec, m -> { }, false)
                .fit(net, TinyData.windows(16, 1, false), validation, stop);

        assertEquals(14, batches[0], "no batch after the request");
        assertTrue(result.stoppedOnRequest());
        assertFalse(result.stoppedEarly());
        assertEquals(3, result.epochs().size(), "the unfinished fourth epoch is dropped");
        assertHoldsTheBestEpoch(net, spec, cfg, validation, result);
    }

    @Test
    void stopRequestBeforeTheFirstEpochEndsIsAnErrorNotAnUntrainedModel() {
        TrainingConfig cfg = TinyData.config(Architecture.LRCN, 5, 0);
        ModelSpec spec = TinyData.spec(Architecture.LRCN);
        StopRequest stop = new StopRequest();
        assertFalse(stop.request(), "no training under way yet: nothing to wait for");
        Trainer trainer = new Trainer(cfg, spec, m -> { }, false);
        MultiLayerNetwork net = NetworkFactory.build(cfg, spec);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer.fit(net, TinyData.windows(8, 1, false), TinyData.windows(4, 2, false), stop));
        assertTrue(e.getMessage().contains("before its first epoch"), e.getMessage());
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        // Validation labels are the opposite of training labels: the better the fit, the worse validation gets.
        TrainingConfig cfg = TinyData.config(Architecture.LRCN, 20, 2);
        ModelSpec spec = TinyData.spec(Architecture.LRCN);
        WindowSet validation = TinyData.windows(8, 2, true);
        MultiLayerNetwork net = NetworkFactory.build(cfg, spec);

        TrainingResult result = new Trainer(cfg, spec, m -> { }, false)
                .fit(net, TinyData.windows(16, 1, false), validation);

        assertTrue(result.stoppedEarly(), "should stop before 20 epochs: " + result.epochs());
        assertEquals(result.bestEpoch() + cfg.patience(), result.epochs().size());
        assertHoldsTheBestEpoch(net, spec, cfg, validation, result);
    }

    /** The result names the epoch with the lowest validation loss, and the network holds that epoch's weights. */
    private static void assertHoldsTheBestEpoch(MultiLayerNetwork net, ModelSpec spec, TrainingConfig cfg,
                                                WindowSet validation, TrainingResult result) {
        double bestValLoss = result.best().valLoss();
        for (EpochMetrics m : result.epochs()) {
            assertTrue(m.valLoss() >= bestValLoss);
        }
        EvaluationReport now = new Evaluator(spec, cfg.batchSize()).evaluate(net, validation, "validation");
        assertEquals(bestValLoss, now.loss(), 1e-6, "the network must hold the best epoch's weights");
    }

    @Test
    void learningRateIsCutAfterEveryEpochWithoutANewBest() {
        // Misleading validation split: validation loss stops improving early, so the plateau rule must fire.
        TrainingConfig tiny = TinyData.config(Architecture.LRCN, 8, 0);
        TrainingConfig cfg = new TrainingConfig(tiny.architecture(), tiny.dataset(), tiny.epochs(), tiny.batchSize(),
                tiny.learningRate(), tiny.seed(), 0, false, tiny.networks(),
                new TrainingConfig.Plateau(0.5, 1, 1e-3), "", TrainingConfig.InitLayers.ALL);
        ModelSpec spec = TinyData.spec(Architecture.LRCN);

        List<EpochMetrics> epochs = new Trainer(cfg, spec, m -> { }, false)
                .fit(NetworkFactory.build(cfg, spec), TinyData.windows(16, 1, false), TinyData.windows(8, 2, true))
                .epochs();

        assertEquals(cfg.learningRate(), epochs.get(0).learningRate());
        double best = Double.POSITIVE_INFINITY;
        int cuts = 0;
        for (int e = 0; e + 1 < epochs.size(); e++) {
            EpochMetrics m = epochs.get(e);
            boolean newBest = m.valLoss() < best;
            best = Math.min(best, m.valLoss());
            double expected = newBest ? m.learningRate() : Math.max(1e-3, m.learningRate() * 0.5);
            assertEquals(expected, epochs.get(e + 1).learningRate(), 1e-12, "epoch " + (e + 2) + ": " + epochs);
            cuts += expected < m.learningRate() ? 1 : 0;
        }
        assertTrue(cuts >= 2, "validation loss kept improving, nothing tested: " + epochs);
    }

    @Test
    void convLstmTrainingStaysWithinItsNativeMemoryBudget() {
        // Big enough that every batch leaves tens of MB of dead native arrays behind (12 x 32x32, 8 filters).
        int frames = 12;
        int size = 32;
        TrainingConfig tiny = TinyData.config(Architecture.CONVLSTM, 6, 0);
        TrainingConfig cfg = new TrainingConfig(tiny.architecture(), tiny.dataset().withGeometry(frames, size, size),
                tiny.epochs(), 8, tiny.learningRate(), tiny.seed(), 0, false,
                new ConvLstmConfig(List.of(8), 3, 0.2), tiny.network(LrcnConfig.class));
        ModelSpec spec = TinyData.spec(Architecture.CONVLSTM, frames, size);
        WindowSet train = TinyData.windows(40, 1, false, frames, size);
        WindowSet validation = TinyData.windows(8, 2, false, frames, size);
        System.gc();
        long budget = Pointer.physicalBytes() + 400L * 1024 * 1024;
        NativeMemoryGuard guard = new NativeMemoryGuard(budget, Pointer::physicalBytes);
        long[] peak = {0};

        new Trainer(cfg, spec, m -> peak[0] = Math.max(peak[0], Pointer.physicalBytes()), false, guard)
                .fit(NetworkFactory.build(cfg, spec), train, validation);

        assertTrue(guard.collections() > 0, "30 batches never reached the budget: nothing tested");
        // One batch's garbage may pile up past the budget before the check that follows it.
        assertTrue(peak[0] < budget + 200L * 1024 * 1024, "resident memory reached "
                + (peak[0] >> 20) + " MB against a budget of " + (budget >> 20) + " MB");
    }

    /** Seconds differ between runs; everything else must not. */
    private static List<EpochMetrics> strip(List<EpochMetrics> epochs) {
        return epochs.stream().map(m -> new EpochMetrics(m.epoch(), m.loss(), m.accuracy(), m.valLoss(),
                m.valAccuracy(), m.learningRate(), 0)).toList();
    }
}
