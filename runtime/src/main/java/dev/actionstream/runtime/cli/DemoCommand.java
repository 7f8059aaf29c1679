package dev.actionstream.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code demo}: {@code serve} with the shipped live LRCN model (8-frame windows) on the synthetic live source (or the
 * camera / RTSP URL given), then tells the user which URL to open. Everything else is {@link ServeCommand}'s: this
 * command only chooses its arguments.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Serves the shipped model on the synthetic live source (or your camera / an RTSP URL) and "
                + "prints the URL of the live view.")
public final class DemoCommand implements Callable<Integer> {

    static final String SYNTHETIC = "synthetic:640x480@25";
    /** How long to wait for the server before giving up on printing the URL (model load and warm-up included). */
    private static final long START_MILLIS = 120_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--source", paramLabel = "SRC",
            description = "What to serve instead of the synthetic live source: /dev/videoN, rtsp://..., a file ... "
                    + "(default: " + SYNTHETIC + ").")
    private String source;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Model to serve (default: the shipped examples/models/lrcn-synthetic-live.onnx).")
    private Path model;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
            description = "Port of the live view, events and API (default: ${DEFAULT-VALUE}; 0 = any free port).")
    private int port;

    @Option(names = "--execution-provider", paramLabel = "EP", description = "auto, cuda or cpu.")
    private String executionProvider;

    private final ShippedModels shipped;
    private final ServeCommand serve = new ServeCommand();

    public DemoCommand() {
        this(ShippedModels.fromSystem());
    }

    DemoCommand(ShippedModels shipped) {
        this.shipped = shipped;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = model != null ? model : shipped.liveModel();
        if (!Files.isRegularFile(file)) {
            err.println(model != null ? "model not found: " + file : ShippedModels.missing(file));
            err.flush();
            return 1;
        }
        List<String> args = new ArrayList<>(List.of("--model", file.toString(),
                "--source", source != null ? source : SYNTHETIC,
                "--port", Integer.toString(port),
                "--models-dir", file.toAbsolutePath().getParent().toString()));
        if (executionProvider != null) {
            args.addAll(List.of("--execution-provider", executionProvider));
        }
        Thread announcer = new Thread(() -> announce(out), "demo-announce");
        announcer.setDaemon(true);
        announcer.start();
        CommandLine serving = new CommandLine(serve).setOut(out).setErr(err);
        int exit = serving.execute(args.toArray(new String[0]));
        announcer.interrupt();
        return exit;
    }

    private void announce(PrintWriter out) {
        try {
            int bound = serve.awaitPort(START_MILLIS);
            if (bound > 0) {
                out.printf("%nOpen http://127.0.0.1:%d/ in your browser (label events: ws://127.0.0.1:%d/ws). "
                        + "Ctrl-C stops.%n", bound, bound);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bound port once serving, or -1 (tests). */
    int awaitPort(long millis) throws InterruptedException {
        return serve.awaitPort(millis);
    }

    /** Stops a running {@link #call()} (tests). */
    void stop() {
        serve.stop();
    }
}
