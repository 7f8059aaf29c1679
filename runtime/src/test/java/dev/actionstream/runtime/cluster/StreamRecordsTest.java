package dev.actionstream.runtime.cluster;

import dev.actionstream.config.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamRecordsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsBackWhatItWrites() {
        RuntimeConfig.Stream s = new RuntimeConfig.Stream("cam1", "rtsp://10.0.0.5/live", 3, true, false);
        assertEquals(s, StreamRecords.parse(StreamRecords.key("cam1"), StreamRecords.value(s)));
    }

    @Test
    void fillsTheDefaultsOfAConfigEntry() {
        RuntimeConfig.Stream s = StreamRecords.parse(utf8("cam1"), utf8("{\"name\":\"cam1\",\"source\":\"synthetic\"}"));
        assertEquals(new RuntimeConfig.Stream("cam1", "synthetic", 1, false, true), s);
    }

    @Test
    void rejectsMalformedRecordsSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamRecords.parse(null, utf8("{}")))
                .getMessage().contains("without a key"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StreamRecords.parse(utf8("cam1"), utf8("{\"name\":\"cam1\",")))
                .getMessage().startsWith("stream record 'cam1'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StreamRecords.parse(utf8("cam1"), utf8("{\"name\":\"cam2\",\"source\":\"synthetic\"}")))
                .getMessage().contains("the key must be the stream's name"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StreamRecords.parse(utf8("cam1"), utf8("{\"name\":\"cam1\",\"source\":\"synthetic\",\"stride\":0}")))
                .getMessage().contains("stride"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StreamRecords.parse(utf8("cam1"), utf8("{\"name\":\"cam1\",\"source\":\"x\",\"colour\":1}")))
                .getMessage().contains("colour"));
    }
}
