package dev.actionstream.runtime.cli;

import dev.actionstream.runtime.fixtures.brokers.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streams add|rm|list} and {@code models publish} against a real KRaft broker. */
class StreamsCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RuntimeCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void definesListsAndDeletesStreamsOnTheFleetsTopic() {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            String b = broker.bootstrapServers();
            assertEquals(0, run("streams", "add", "cam1", "rtsp://user:secret@10.0.0.5/live", "--cluster", b).code());
            assertEquals(0, run("streams", "add", "lobby", "/videos/lobby.mp4", "--loop", "--stride", "2",
                    "--cluster", b).code());
            Run bad = run("streams", "add", "cam2", "synthetic", "--stride", "0", "--cluster", b);
            assertEquals(2, bad.code());
            assertTrue(bad.err().contains("stride"), bad.err());

            Run list = run("streams", "list", "--cluster", b);
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().contains("cam1") && list.out().contains("lobby"), list.out());
            assertFalse(list.out().contains("secret"), "credentials redacted: " + list.out());
            assertTrue(list.out().contains("stride 2 loop"), list.out());
            assertFalse(list.out().contains("cam2"), list.out());

            assertEquals(0, run("streams", "rm", "cam1", "--cluster", b).code());
            list = run("streams", "list", "--cluster", b);
            assertFalse(list.out().contains("cam1"), list.out());
            assertTrue(list.out().contains("lobby"), list.out());

            Run missing = run("models", "publish", dir.resolve("nope.onnx").toString(), "--cluster", b);
            assertEquals(2, missing.code());
            assertTrue(missing.err().contains("cannot read"), missing.err());
        }
    }

    @Test
    void serveRefusesANodeIdWithoutACluster() {
        Run r = run("serve", "--node-id", "n1", "--source", "synthetic");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--node-id needs --cluster"), r.err());
    }
}
