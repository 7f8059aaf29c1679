package dev.actionstream.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code demo}: {@code serve} with defaults for a first run: the shipped live LRCN model (8-frame windows) unless
 * {@code --model} is given, the synthetic live source unless {@code --source} or {@code --config} names streams, and
 * serve's models directory ({@code models/}) watched, so a model copied there swaps in. Every option is serve's
 * ({@link ServeOptions}); once serving it tells the user which URL to open.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Serves the shipped model on the synthetic live source (or your camera / an RTSP URL) and "
                + "prints the URL of the live view. Takes every option of serve.")
public final class DemoCommand implements Callable<Integer> {

    static final String SYNTHETIC = "synthetic:640x480@25";
    /** How long to wait for the server before giving up on printing the URL (model load and warm-up included). */
    private static final long START_MILLIS = 120_000;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServeOptions options = new ServeOptions();

    private final ShippedModels shipped;
    private final ServeCommand serve = new ServeCommand();

    public DemoCommand() {
        this(ShippedModels.fromSystem());
    }

    DemoCommand(ShippedModels shipped) {
        this.shipped = shipped;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = options.model != null ? options.model : shipped.liveModel();
        if (!Files.isRegularFile(file)) {
            err.println(options.model != null ? "model not found: " + file : ShippedModels.missing(file));
            err.flush();
            return 1;
        }
        Thread announcer = new Thread(() -> announce(out), "demo-announce");
        announcer.setDaemon(true);
        announcer.start();
        try {
            return serve.run(options, spec.commandLine(), file, SYNTHETIC);
        } finally {
            announcer.interrupt();
        }
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
