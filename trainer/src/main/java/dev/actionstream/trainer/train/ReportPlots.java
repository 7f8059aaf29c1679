package dev.actionstream.trainer.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The run's PNG plots (XChart): training vs validation curves, and the confusion matrix as a heat map. */
public final class ReportPlots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    static {
        // Plots are written from CLI runs and CI; there is never a display to open.
        System.setProperty("java.awt.headless", "true");
        // ImageIO's file cache registers a shutdown hook on first use, which fails while a stopped training (Ctrl-C)
        // writes its plots from within the JVM's shutdown; the plots are small enough to encode in memory.
        ImageIO.setUseCache(false);
    }

    private ReportPlots() {
    }

    public static void loss(Path file, List<EpochMetrics> epochs) throws IOException {
        curves(file, "Loss", "loss", epochs, EpochMetrics::loss, EpochMetrics::valLoss);
    }

    public static void accuracy(Path file, List<EpochMetrics> epochs) throws IOException {
        curves(file, "Accuracy", "accuracy", epochs, EpochMetrics::accuracy, EpochMetrics::valAccuracy);
    }

    private static void curves(Path file, String title, String yTitle, List<EpochMetrics> epochs,
                               ToDoubleFunction<EpochMetrics> train, ToDoubleFunction<EpochMetrics> validation)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        List<Integer> x = epochs.stream().map(EpochMetrics::epoch).toList();
        chart.addSeries("train", x, epochs.stream().map(train::applyAsDouble).toList())
                .setMarker(SeriesMarkers.CIRCLE);
        if (epochs.stream().noneMatch(m -> Double.isNaN(validation.applyAsDouble(m)))) {
            chart.addSeries("validation", x, epochs.stream().map(validation::applyAsDouble).toList())
                    .setMarker(SeriesMarkers.DIAMOND);
        }
        BitmapEncoder.saveBitmap(chart, withoutPng(file), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Rows are actual labels (first label on top), columns predicted labels; cells show window counts. */
    public static void confusion(Path file, EvaluationReport report) throws IOException {
        List<String> labels = report.confusion().labels();
        int[][] matrix = report.confusion().matrix();
        int n = labels.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(500, 90 * n + 200))
                .height(Math.max(400, 70 * n + 160))
                .title("Confusion (" + report.split() + ", accuracy "
                        + String.format(java.util.Locale.ROOT, "%.3f", report.accuracy()) + ")")
                .xAxisTitle("predicted").yAxisTitle("actual").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(8, 81, 156)});
        chart.getStyler().setMin(0);
        List<String> rows = new ArrayList<>(labels);
        java.util.Collections.reverse(rows);
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < n; actual++) {
            for (int predicted = 0; predicted < n; predicted++) {
                cells.add(new Number[] {predicted, n - 1 - actual, matrix[actual][predicted]});
            }
        }
        chart.addSeries("windows", labels, rows, cells);
        BitmapEncoder.saveBitmap(chart, withoutPng(file), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Reliability diagram: per confidence bin, the fraction of windows right against their mean confidence, before
     * and after temperature scaling; a calibrated model lies on the diagonal. Empty bins are left out.
     */
    public static void reliability(Path file, dev.actionstream.trainer.calibration.ReliabilityBins before,
                                   dev.actionstream.trainer.calibration.ReliabilityBins after, double temperature)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(java.util.Locale.ROOT, "Reliability (ECE %.3f -> %.3f at T = %.3f)",
                        before.ece(), after.ece(), temperature))
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.addSeries("perfect", List.of(0.0, 1.0), List.of(0.0, 1.0)).setMarker(SeriesMarkers.NONE);
        addBins(chart, "before (T = 1)", before, SeriesMarkers.CIRCLE);
        addBins(chart, "after", after, SeriesMarkers.DIAMOND);
        BitmapEncoder.saveBitmap(chart, withoutPng(file), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addBins(XYChart chart, String name, dev.actionstream.trainer.calibration.ReliabilityBins bins,
                                org.knowm.xchart.style.markers.Marker marker) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int b = 0; b < bins.count().length; b++) {
            if (bins.count()[b] > 0) {
                x.add(bins.confidence()[b]);
                y.add(bins.accuracy()[b]);
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y).setMarker(marker);
        }
    }

    /** XChart appends the extension itself.*/
    private static String withoutPng(Path file) {
        String s = file.toString();
        return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
    }
}
