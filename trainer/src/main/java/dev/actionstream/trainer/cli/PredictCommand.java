package dev.actionstream.trainer.cli;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import dev.actionstream.trainer.predict.OverlayRenderer;
import dev.actionstream.trainer.predict.VideoPrediction;
import dev.actionstream.trainer.predict.VideoScorer;
import dev.actionstream.trainer.predict.WindowScorer;
import dev.actionstream.trainer.predict.WindowScorers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code predict}: scores every sliding window of a video once, then prints the top-k of their mean, a summary line,
 * and optionally an overlay video, all read from those same window scores.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Scores every window of T frames, taken at the model's frame interval, of a video and prints the top-k classes of their "
                + "mean, then the label at the end of the video. With --overlay, also writes the video with each "
                + "frame's label (mean of the last K windows) drawn on it, from the same window scores.")
public final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN", description = "Run folder written by train, "
            + "or an ONNX file written by export (a full model, or a split model's head or encoder with the other "
            + "half beside it).")
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
            VideoPrediction prediction;
            ModelSpec modelSpec;
            try (WindowScorer scorer = WindowScorers.open(model)) {
                modelSpec = scorer.spec();
                if (modelSpec.sampling() == null) {
                    spec.commandLine().getErr().println("warning: " + model + " does not say how far apart in time its"
                            + " frames were trained (no sampling in its spec, an older export): its windows are"
                            + " consecutive frames");
                }
                prediction = VideoPrediction.of(new VideoScorer(scorer).score(video, !noProgress), smoothing);
                out.printf("%s (%s %s, %s): %d frames, %d window%s of %d frames%s%n", video, modelSpec.name(),
                        modelSpec.version(), scorer.describe(), prediction.scores().frames(),
                        prediction.scores().windows(), prediction.scores().windows() == 1 ? "" : "s",
                        modelSpec.framesPerWindow(), spacing(modelSpec));
            }
            prediction.lines(top).forEach(out::println);
            out.flush();
            if (overlay != null) {
                OverlayRenderer.Summary s = new OverlayRenderer(modelSpec.framesPerWindow())
                        .render(video, overlay, prediction.frameLabels(), !noProgress);
                out.printf("wrote %s: %d frames (%s), each labelled with the mean of its last %d windows%n", overlay,
                        s.frames(), s.codec(), smoothing);
                out.flush();
            }
            return 0;
        } catch (VideoDecodeException | IllegalArgumentException | IllegalStateException
                 | UncheckedIOException e) {
            spec.commandLine().getErr().println("predict failed: " + e.getMessage());
            return 1;
        }
    }

    private static String spacing(ModelSpec modelSpec) {
        return modelSpec.sampling() == null ? " (consecutive)" : String.format(" %.3f s apart (%.2f s)",
                modelSpec.sampling().intervalSeconds(),
                modelSpec.sampling().windowSeconds(modelSpec.framesPerWindow()));
    }
}
