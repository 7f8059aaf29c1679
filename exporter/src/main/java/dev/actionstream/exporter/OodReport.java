package dev.actionstream.exporter;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.actionstream.config.Json;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.calibration.CalibrationFit;
import dev.actionstream.trainer.calibration.CalibrationReport;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import dev.actionstream.trainer.train.ReportPlots;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The calibration fitted at export, judged: ECE before and after, and for each {@code --ood-video} every candidate
 * score's AUROC against the held-out known windows and the fraction flagged at its threshold. Printed, and with
 * {@code --report DIR} written as calibration.json and reliability.png.
 */
final class OodReport {

    static final int STRIDE = 4;

    private OodReport() {
    }

    static CalibrationReport write(CalibrationFit.Fitted fitted, ModelSpec spec, CalibrationFit features,
                                   Map<String, Path> videos, int limit, Path dir, PrintWriter log) throws IOException {
        List<CalibrationReport.OodResult> results = new ArrayList<>();
        for (Map.Entry<String, Path> v : videos.entrySet()) {
            List<float[]> windows;
            try {
                windows = VideoWindows.sample(v.getValue(), spec, STRIDE, limit);
            } catch (VideoDecodeException e) {
                throw new IllegalArgumentException("--ood-video " + v.getKey() + ": " + e.getMessage(), e);
            }
            results.add(fitted.compare(v.getKey(), features.features(windows)));
        }
        CalibrationReport report = fitted.report().withOod(results);
        log.print(report.describe());
        if (dir != null) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("calibration.json"), Json.MAPPER.copy()
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            ReportPlots.reliability(dir.resolve("reliability.png"), fitted.before(), fitted.after(),
                    fitted.calibration().temperature());
            log.println("wrote " + dir.resolve("calibration.json") + " and " + dir.resolve("reliability.png"));
        }
        log.flush();
        return report;
    }
}
