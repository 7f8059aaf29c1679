package dev.actionstream.trainer.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.actionstream.config.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code evaluation.json}: how a network did on one split. The confusion matrix has one row per actual label and one
 * column per predicted label, both in {@code labels} order. Precision, recall and F1 of a class that was never
 * predicted (or never present) count as 0; the macro figures are plain means over all classes.
 */
public record EvaluationReport(String split, int windows, double loss, double accuracy, Averages macro,
                               List<ClassMetrics> perClass, Confusion confusion,
                               @com.fasterxml.jackson.annotation.JsonInclude(
                                       com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                               dev.actionstream.trainer.calibration.CalibrationReport calibration) {

    public EvaluationReport(String split, int windows, double loss, double accuracy, Averages macro,
                            List<ClassMetrics> perClass, Confusion confusion) {
        this(split, windows, loss, accuracy, macro, perClass, confusion, null);
    }

    /** This report with the calibration section (temperature, ECE before/after, OOD thresholds). */
    public EvaluationReport withCalibration(dev.actionstream.trainer.calibration.CalibrationReport c) {
        return new EvaluationReport(split, windows, loss, accuracy, macro, perClass, confusion, c);
    }

    public record Averages(double precision, double recall, double f1) {
    }

    public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
    }

    public record Confusion(List<String> labels, int[][] matrix) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Confusion c && labels.equals(c.labels) && java.util.Arrays.deepEquals(matrix, c.matrix);
        }

        @Override
        public int hashCode() {
            return 31 * labels.hashCode() + java.util.Arrays.deepHashCode(matrix);
        }

        @Override
        public String toString() {
            return "Confusion[labels=" + labels + ", matrix=" + java.util.Arrays.deepToString(matrix) + "]";
        }
    }

    /** Builds the report from per-window predictions and the summed cross-entropy. */
    public static EvaluationReport of(String split, List<String> labels, int[][] confusion, double lossSum) {
        int classes = labels.size();
        int total = 0;
        int correct = 0;
        List<ClassMetrics> perClass = new ArrayList<>();
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        for (int c = 0; c < classes; c++) {
            int tp = confusion[c][c];
            int actual = 0;
            int predicted = 0;
            for (int k = 0; k < classes; k++) {
                actual += confusion[c][k];
                predicted += confusion[k][c];
            }
            total += actual;
            correct += tp;
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = actual == 0 ? 0 : (double) tp / actual;
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            perClass.add(new ClassMetrics(labels.get(c), p, r, f, actual));
            sumP += p;
            sumR += r;
            sumF += f;
        }
        if (total == 0) {
            throw new IllegalArgumentException("the " + split + " split has no windows to evaluate");
        }
        return new EvaluationReport(split, total, lossSum / total, (double) correct / total,
                new Averages(sumP / classes, sumR / classes, sumF / classes), perClass,
                new Confusion(List.copyOf(labels), confusion));
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(this));
    }

    public static EvaluationReport read(Path file) throws IOException {
        try {
            return Json.MAPPER.readValue(Files.readString(file), EvaluationReport.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not an evaluation report: " + e.getOriginalMessage(), e);
        }
    }
}
