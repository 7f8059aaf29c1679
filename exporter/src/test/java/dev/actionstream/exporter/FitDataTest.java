package dev.actionstream.exporter;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.SamplingConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A fit folder is cut into windows at the run's own time scale, with a split of its own. */
class FitDataTest {

    @Test
    void aRateModelsFitWindowsAreTakenAtItsRate() {
        DatasetConfig run = DatasetConfig.defaults().withGeometry(8, 64, 64).withSampling(SamplingConfig.rate(25 / 3.0));
        DatasetConfig fit = FitData.fitSplit(run);
        assertEquals(run.sampling(), fit.sampling(), "not spread evenly over each clip");
        assertEquals(8, fit.framesPerWindow());
        assertEquals(FitData.TRAIN, fit.trainFraction());
        assertEquals(FitData.HELD_OUT, fit.validationFraction());
    }
}
