package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.synth.SyntheticLiveSource;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {

    @Test
    void encodesDecodableJpegsIntoOneReusedArray() throws Exception {
        try (SyntheticLiveSource source = new SyntheticLiveSource(new SyntheticLiveSource.Settings(640, 480, 25, 5, 3,
                6)); JpegEncoder jpeg = new JpegEncoder(0.8f)) {
            BufferedImage frame = source.newFrame();
            source.nextFrame(frame);
            jpeg.encode(frame);
            byte[] first = Arrays.copyOf(jpeg.bytes(), jpeg.size());
            byte[] array = jpeg.bytes();
            BufferedImage decoded = MjpegClient.decode(first);
            assertEquals(640, decoded.getWidth());
            assertEquals(480, decoded.getHeight());
            int[] centre = {frame.getRGB(320, 240), decoded.getRGB(320, 240)};
            for (int shift = 0; shift <= 16; shift += 8) {
                assertTrue(Math.abs(((centre[0] >> shift) & 0xff) - ((centre[1] >> shift) & 0xff)) < 40,
                        "decoded picture matches the frame");
            }
            for (int i = 0; i < 5; i++) {
                source.nextFrame(frame);
                jpeg.encode(frame);
                assertEquals(0xFFD8, ((jpeg.bytes()[0] & 0xff) << 8) | (jpeg.bytes()[1] & 0xff), "JPEG SOI marker");
                assertEquals(0xFFD9, ((jpeg.bytes()[jpeg.size() - 2] & 0xff) << 8)
                        | (jpeg.bytes()[jpeg.size() - 1] & 0xff), "JPEG EOI marker");
            }
            assertSame(array, jpeg.bytes(), "the output array is reused");
        }
    }
}
