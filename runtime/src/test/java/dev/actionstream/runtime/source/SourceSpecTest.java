package dev.actionstream.runtime.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceSpecTest {

    @Test
    void recognisesEveryKindOfSource() {
        assertEquals(SourceSpec.Kind.CAMERA, SourceSpec.parse("/dev/video0").kind());
        assertEquals(SourceSpec.Kind.RTSP, SourceSpec.parse("rtsp://cam.local:8554/live").kind());
        assertEquals(SourceSpec.Kind.HTTP, SourceSpec.parse("http://cam.local/mjpeg").kind());
        SourceSpec lavfi = SourceSpec.parse("lavfi:testsrc=size=320x240:rate=25");
        assertEquals(SourceSpec.Kind.LAVFI, lavfi.kind());
        assertEquals("testsrc=size=320x240:rate=25", lavfi.location());
        SourceSpec file = SourceSpec.parse("videos/walk.mp4");
        assertEquals(SourceSpec.Kind.FILE, file.kind());
        assertFalse(file.kind().live());
        assertTrue(SourceSpec.Kind.RTSP.live());
    }

    @Test
    void readsSyntheticSizeAndRate() {
        SourceSpec s = SourceSpec.parse("synthetic:64x48@12.5");
        assertEquals(SourceSpec.Kind.SYNTHETIC, s.kind());
        assertEquals(64, s.width());
        assertEquals(48, s.height());
        assertEquals(12.5, s.fps());
        SourceSpec d = SourceSpec.parse("synthetic");
        assertTrue(d.width() > 0 && d.height() > 0 && d.fps() > 0);
    }

    @Test
    void explainsWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> SourceSpec.parse("ftp://host/x.mp4"));
        assertTrue(e.getMessage().contains("unsupported source scheme"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> SourceSpec.parse("synthetic:10x10"));
        assertTrue(s.getMessage().contains("16..8192"), s.getMessage());
    }

    @Test
    void showsASourceWithItsPasswordRedacted() {
        assertEquals("rtsp://admin:***@192.0.2.10:554/stream1",
                SourceSpec.redacted("rtsp://admin:s3cr:et@192.0.2.10:554/stream1"));
        assertEquals("rtsp:rtsp://admin:***@cam/x", SourceSpec.parse("rtsp://admin:pw@cam/x").toString());
        assertEquals("http://u:***@cam.local/mjpeg", SourceSpec.redacted("http://u:@cam.local/mjpeg"));
        assertEquals("rtsp://onlyuser@cam/x", SourceSpec.redacted("rtsp://onlyuser@cam/x"), "no password, nothing to hide");
        assertEquals("rtsp://cam/a:b@c", SourceSpec.redacted("rtsp://cam/a:b@c"), "an @ in the path is not a login");
        assertEquals("/dev/video0", SourceSpec.redacted("/dev/video0"));
    }
}
