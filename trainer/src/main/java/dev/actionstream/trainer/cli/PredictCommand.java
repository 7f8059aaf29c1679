package dev.actionstream.trainer.cli;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import dev.actionstream.trainer.predict.OverlayRenderer;
import dev.actionstream.trainer.predict.Prediction;
import dev.actionstream.trainer.predict.VideoClassifier;
import dev.actionstream.trainer.train.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code predict}: the top-k classes of a whole video, and optionally an overlay video with the running label. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Prints the top-k classes of a video (frames evenly spaced over it, as in training). With "
                + "--overlay, also writes the video with the sliding-window label drawn on every frame.")
public final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN", description = "Run folder written by train.")
    private Path model;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "Video file to classify.")
    private Path video;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Classes to print (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--overlay", paramLabel = "OUT.mp4", description = "Write the labelled video here.")
    private Path overlay;

    @Option(names = "--smoothing", paramLabel = "K", defaultValue = "5",
            description = "Overlay label = mean of the last K windows' probabilities (default: ${DEFAULT-VALUE}).")
    private int smoothing;

    @Option(names = "--no-progress", description = "No progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (top <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be > 0, got " + top);
        }
        if (smoothing <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--smoothing must be > 0, got " + smoothing);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            RunFolder run = RunFolder.open(model);
            ModelSpec modelSpec = run.readSpec();
            MultiLayerNetwork net = run.loadModel();
            List<Prediction> predictions = new VideoClassifier(net, modelSpec).top(video, top);
            out.printf("%s (%s %s):%n", video, modelSpec.name(), modelSpec.version());
            for (int i = 0; i < predictions.size(); i++) {
                out.printf("%d. %s %.4f%n", i + 1, predictions.get(i).label(), predictions.get(i).confidence());
            }
            out.flush();
            if (overlay != null) {
                OverlayRenderer.Summary s = new OverlayRenderer(net, modelSpec, smoothing)
                        .render(video, overlay, !noProgress);
                out.printf("wrote %s: %d frames, %d windows scored (%s), last label %s%n", overlay, s.frames(),
                        s.windowsScored(), s.codec(), s.lastLabel());
                out.flush();
            }
            return 0;
        } catch (VideoDecodeException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("predict failed: " + e.getMessage());
            return 1;
        }
    }
}
