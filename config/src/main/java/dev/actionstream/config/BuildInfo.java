package dev.actionstream.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What was built and what it runs on, for {@code --version} and bug reports: the actionstream version and git commit
 * (written at build time into {@code build.properties}), the Java runtime and the OS. Commands add the engines they
 * load (ONNX Runtime, Deeplearning4j).
 */
public final class BuildInfo {

    private static final String RESOURCE = "build.properties";
    private static final String UNKNOWN = "unknown";

    private final Properties built;

    private BuildInfo(Properties built) {
        this.built = built;
    }

    /** This build's; "unknown" fields when run from classes that Maven did not build. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(p);
    }

    public String version() {
        return built.getProperty("version", UNKNOWN);
    }

    public String commit() {
        return built.getProperty("commit", UNKNOWN);
    }

    /** The Deeplearning4j version the build was made with. */
    public String dl4jVersion() {
        return built.getProperty("dl4j", UNKNOWN);
    }

    /**
     * The lines every command prints, then {@code engines} (e.g. {@code "ONNX Runtime 1.26.0"}), then Java and OS.
     */
    public String[] lines(String... engines) {
        List<String> out = new ArrayList<>();
        out.add("actionstream " + version() + " (commit " + commit() + ")");
        out.addAll(List.of(engines));
        out.add("Java " + System.getProperty("java.runtime.version", Runtime.version().toString()) + " ("
                + System.getProperty("java.vm.vendor", "") + " " + System.getProperty("java.vm.name", "") + ")");
        out.add("OS " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        return out.toArray(new String[0]);
    }
}
