package dev.actionstream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void yamlOverridesOnlyTheKeysItNames() throws IOException {
        Path f = write("train.yaml", """
                architecture: lrcn
                epochs: 7
                dataset:
                  frameWidth: 32
                lrcn:
                  lstmUnits: 16
                """);
        TrainingConfig c = ConfigLoader.load(f, TrainingConfig.class, TrainingConfig.defaults());
        assertEquals(Architecture.LRCN, c.architecture());
        assertEquals(7, c.epochs());
        assertEquals(32, c.dataset().frameWidth());
        assertEquals(64, c.dataset().frameHeight(), "untouched nested key keeps its default");
        assertEquals(16, c.network(LrcnConfig.class).lstmUnits());
        assertEquals(List.of(16, 32, 64, 64), c.network(LrcnConfig.class).filters());
        assertEquals(TrainingConfig.defaults().learningRate(), c.learningRate());
    }

    @Test
    void jsonWorksToo() throws IOException {
        Path f = write("serve.json", "{\"server\": {\"port\": 9090}, \"streams\": [{\"name\": \"cam1\", \"source\": \"rtsp://h/x\", "
                + "\"stride\": 2, \"loop\": false, \"paced\": true}]}");
        RuntimeConfig c = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults());
        assertEquals(9090, c.server().port());
        assertEquals("127.0.0.1", c.server().bind());
        assertEquals("cam1", c.streams().get(0).name());
        assertEquals(2, c.streams().get(0).stride());
    }

    @Test
    void decoderThreadsDefaultToTheStreamsOwnThreadAndCanBeGivenToFfmpeg() throws IOException {
        assertEquals(1, RuntimeConfig.defaults().pipeline().decoderThreads());
        Path f = write("serve.yaml", "pipeline:\n  decoderThreads: 0\n");
        RuntimeConfig c = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults());
        assertEquals(0, c.pipeline().decoderThreads());
        assertEquals("tcp", c.pipeline().rtspTransport(), "the other pipeline keys keep their defaults");
        Path bad = write("bad-threads.yaml", "pipeline:\n  decoderThreads: -2\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(bad, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertTrue(e.getMessage().contains("decoderThreads"), e.getMessage());
    }

    @Test
    void unknownKeyIsRejectedNamingKeyAndFile() throws IOException {
        Path f = write("bad.yaml", "dataset:\n  frameWidht: 32\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, TrainingConfig.class, TrainingConfig.defaults()));
        assertEquals("dataset.frameWidht", e.key());
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("frameWidht"), e.getMessage());
    }

    @Test
    void invalidValueIsRejectedNamingKeyAndFile() throws IOException {
        Path f = write("bad.yaml", "epochs: 0\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, TrainingConfig.class, TrainingConfig.defaults()));
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }

    @Test
    void wrongTypeIsRejectedNamingTheKey() throws IOException {
        Path f = write("bad.yaml", "server:\n  port: eighty\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertEquals("server.port", e.key());
    }

    @Test
    void invalidEnumValueNamesTheKey() throws IOException {
        Path f = write("bad.yaml", "architecture: resnet\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, TrainingConfig.class, TrainingConfig.defaults()));
        assertTrue(e.getMessage().contains("architecture"), e.getMessage());
        assertTrue(e.getMessage().contains("resnet"), e.getMessage());
    }

    @Test
    void malformedYamlIsReportedWithTheFileName() throws IOException {
        Path f = write("broken.yaml", "epochs: [1, 2\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, TrainingConfig.class, TrainingConfig.defaults()));
        assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        Path f = write("empty.yaml", "");
        assertEquals(RuntimeConfig.defaults(), ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()));
    }

    @Test
    void defaultsRoundTripThroughYaml() throws IOException {
        Path f = write("defaults.yaml", ConfigLoader.toYaml(TrainingConfig.defaults()));
        assertEquals(TrainingConfig.defaults(), ConfigLoader.load(f, TrainingConfig.class, TrainingConfig.defaults()));
        Path g = write("serve.yaml", ConfigLoader.toYaml(RuntimeConfig.defaults()));
        assertEquals(RuntimeConfig.defaults(), ConfigLoader.load(g, RuntimeConfig.class, RuntimeConfig.defaults()));
    }

    @Test
    void labelFilterIsTheHmmUnlessTheMovingAverageIsAskedFor() throws IOException {
        assertEquals(RuntimeConfig.Events.HMM, RuntimeConfig.defaults().events().filter());
        Path f = write("serve.yaml", "events:\n  filter: mean\n  smoothingWindows: 3\n");
        RuntimeConfig.Events e = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()).events();
        assertEquals(RuntimeConfig.Events.MEAN, e.filter());
        assertEquals(3, e.smoothingWindows());
        assertEquals(RuntimeConfig.defaults().events().switchProbability(), e.switchProbability());
        for (String bad : new String[] {"events:\n  filter: median\n", "events:\n  switchProbability: 0\n",
                "events:\n  switchProbability: 1.0\n"}) {
            Path g = write("bad.yaml", bad);
            ConfigException x = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(g, RuntimeConfig.class, RuntimeConfig.defaults()), bad);
            assertTrue(x.getMessage().contains("events."), x.getMessage());
        }
    }

    @Test
    void theUnknownThresholdIsEachModelsOwnUnlessServeConfigOverridesIt() throws IOException {
        assertEquals(null, RuntimeConfig.defaults().events().unknownThreshold());
        Path f = write("serve.yaml", "events:\n  unknownThreshold: 12.5\n");
        RuntimeConfig.Events e = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()).events();
        assertEquals(12.5, e.unknownThreshold());
        assertEquals(RuntimeConfig.defaults().events().filter(), e.filter(), "the rest keeps its defaults");
        for (String bad : new String[] {"events:\n  unknownThreshold: 0\n", "events:\n  unknownThreshold: -3\n",
                "events:\n  unknownThreshold: high\n"}) {
            Path g = write("bad.yaml", bad);
            ConfigException x = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(g, RuntimeConfig.class, RuntimeConfig.defaults()), bad);
            assertTrue(x.getMessage().contains("events.unknownThreshold"), x.getMessage());
        }
    }

    @Test
    void batchesRunInOnePartPerCoreWithOneThreadEachUnlessConfiguredOtherwise() throws IOException {
        RuntimeConfig.Scoring d = RuntimeConfig.defaults().scoring();
        assertEquals(2, d.parallelRunsOn(2));
        assertEquals(1, d.intraOpThreadsOn(2), "parallel parts run one thread each");
        assertEquals(d.maxBatch(), d.parallelRunsOn(64), "never more parts than a batch holds");
        assertEquals(1, d.parallelRunsOn(1));
        assertEquals(0, d.intraOpThreadsOn(1), "one part: ONNX Runtime chooses its threads");
        Path f = write("serve.yaml", "scoring:\n  parallelRuns: 1\n  intraOpThreads: 3\n");
        RuntimeConfig.Scoring s = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()).scoring();
        assertEquals(1, s.parallelRunsOn(16));
        assertEquals(3, s.intraOpThreadsOn(16));
        Path g = write("bad.yaml", "scoring:\n  parallelRuns: -1\n");
        ConfigException x = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(g, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertTrue(x.getMessage().contains("scoring.parallelRuns"), x.getMessage());
    }

    @Test
    void aKeyGivenTwiceInYamlIsRejectedNamingKeyAndLine() throws IOException {
        Path f = write("twice.yaml", "server:\n  port: 8080\n  bind: 0.0.0.0\n  port: 9090\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertEquals("server.port", e.key());
        assertTrue(e.getMessage().startsWith(f + ": 'server.port': duplicate key on line 4"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceInJsonIsRejectedNamingKeyAndLine() throws IOException {
        Path f = write("twice.json", "{\"streams\": [{\"name\": \"a\",\n \"source\": \"synthetic\",\n"
                + " \"name\": \"b\"}]}");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertEquals("streams[0].name", e.key());
        assertTrue(e.getMessage().contains("twice.json"), e.getMessage());
        assertTrue(e.getMessage().contains("duplicate key on line 3"), e.getMessage());
    }

    @Test
    void aTopLevelKeyGivenTwiceIsRejected() throws IOException {
        Path f = write("twice.yaml", "epochs: 3\nepochs: 4\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, TrainingConfig.class, TrainingConfig.defaults()));
        assertEquals("epochs", e.key());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aStreamNeedsOnlyItsNameAndSource() throws IOException {
        Path f = write("serve.yaml", "streams:\n  - {name: cam1, source: synthetic}\n  - {name: clip, source: a.mp4, loop: true}\n");
        List<RuntimeConfig.Stream> streams = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()).streams();
        assertEquals(RuntimeConfig.Stream.parse("cam1=synthetic", 0), streams.get(0), "the command line's defaults");
        assertEquals(new RuntimeConfig.Stream("clip", "a.mp4", 1, true, true), streams.get(1));
    }

    @Test
    void aStreamWithoutSourceIsRejectedNamingTheKey() throws IOException {
        Path f = write("serve.yaml", "streams:\n  - {name: cam1}\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertTrue(e.getMessage().contains("streams.source: required for stream 'cam1'"), e.getMessage());
    }
}
