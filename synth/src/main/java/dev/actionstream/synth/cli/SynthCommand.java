package dev.actionstream.synth.cli;

import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import org.bytedeco.ffmpeg.global.avutil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code synth}: writes the synthetic human-action dataset as video files, one folder per action. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Writes a synthetic human-action dataset (by default KTH's six actions performed by rendered "
                + "figures) as MP4 videos: OUT/<action>/<action>_NNN.mp4.")
public final class SynthCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder to write.")
    private Path out;

    @Option(names = "--videos-per-class", paramLabel = "N", defaultValue = "100",
            description = "Videos per action (default: ${DEFAULT-VALUE}).")
    private int videosPerClass;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed; the same seed writes the same videos (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "160", description = "Frame width, even (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "120", description = "Frame height, even (default: ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "60", description = "Frames per video (default: ${DEFAULT-VALUE}).")
    private int frames;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "25", description = "Frame rate (default: ${DEFAULT-VALUE}).")
    private double fps;

    @Option(names = "--lead-in", paramLabel = "FRACTION", defaultValue = "0",
            description = "Share of videos that open with a few frames of another action (another actor and scene, "
                    + "cut in as the live source switches) and keep the label of the action that follows; trains a "
                    + "model to name the newest action in its window (default: ${DEFAULT-VALUE}).")
    private double leadIn;

    @Option(names = "--lead-in-frames", paramLabel = "N", defaultValue = "0",
            description = "Most frames of the other action at the start of such a video; each draws 1..N "
                    + "(default: 0, meaning half the frames).")
    private int leadInFrames;

    @Option(names = "--actions", paramLabel = "A,B,...",
            defaultValue = "boxing,handclapping,handwaving,jogging,running,walking",
            description = "Actions to write, comma-separated, from: boxing, handclapping, handwaving, jogging, "
                    + "running, walking (KTH's six) and jumpingjacks, squats (no shipped model has seen them); "
                    + "each action's videos are the same whichever others are written "
                    + "(default: KTH's six, ${DEFAULT-VALUE}).")
    private String actions;

    @Option(names = "--no-progress", negatable = false, description = "Do not show a progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        SyntheticDatasetWriter.Settings settings;
        try {
            int maxLeadIn = leadIn == 0 ? 0 : leadInFrames > 0 ? leadInFrames : Math.max(1, frames / 2);
            settings = new SyntheticDatasetWriter.Settings(out, videosPerClass, seed, width, height, frames, fps,
                    new SyntheticDatasetWriter.LeadIn(leadIn, maxLeadIn), Action.parseList(actions));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is a file, not a folder");
        }
        // FFmpeg would print every file's stream layout and OpenH264's notices; errors still show.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        SyntheticDatasetWriter.Summary summary;
        try {
            summary = new SyntheticDatasetWriter(settings).write(!noProgress);
        } catch (IOException e) {
            spec.commandLine().getErr().println("synth: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().printf(Locale.ROOT,
                "wrote %d videos (%d per class: %s) to %s: %.1f MB, %s, %dx%d, %d frames at %s fps%s, %.1f s%n",
                summary.videos(), videosPerClass,
                String.join(", ", settings.actions().stream().map(Action::id).toList()), out.toAbsolutePath(),
                summary.bytes() / 1e6, summary.codec(), width, height, frames, fps,
                leadIn == 0 ? "" : String.format(Locale.ROOT, ", %.0f %% opening with up to %d frames of another action",
                        100 * leadIn, settings.leadIn().maxFrames()),
                summary.seconds());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(CliConventions.configure(new CommandLine(new SynthCommand()).setCommandName("actionstream synth"),
                new SynthVersion()).execute(args));
    }
}
