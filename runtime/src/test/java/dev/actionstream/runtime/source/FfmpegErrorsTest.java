package dev.actionstream.runtime.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The codes the real-failure tests in {@link FfmpegInputTest} cannot provoke on this machine. */
class FfmpegErrorsTest {

    private static final SourceSpec CAMERA = SourceSpec.parse("/dev/video0");
    private static final SourceSpec RTSP = SourceSpec.parse("rtsp://10.0.0.7:554/stream1");

    @Test
    void computesFfmpegsOwnCodesAsFfmpegDoes() {
        // As JavaCV reported them for a text file, a refused login and a wrong path.
        assertEquals(-1094995529, FfmpegErrors.INVALIDDATA);
        assertEquals(-825242872, FfmpegErrors.HTTP_UNAUTHORIZED);
        assertEquals(-875574520, FfmpegErrors.HTTP_NOT_FOUND);
    }

    @Test
    void explainsABusyOrForbiddenCameraInWords() {
        assertEquals("the device is busy (another program is using the camera)",
                FfmpegErrors.describe(CAMERA, FfmpegErrors.EBUSY, false));
        assertEquals("permission denied (the user running actionstream needs to be in the 'video' group)",
                FfmpegErrors.describe(CAMERA, FfmpegErrors.EACCES, false));
        assertEquals("403 Forbidden: the server refuses access to this stream",
                FfmpegErrors.describe(RTSP, FfmpegErrors.HTTP_FORBIDDEN, false));
        assertEquals("host unreachable: 10.0.0.7 (network down or wrong address)",
                FfmpegErrors.describe(RTSP, FfmpegErrors.EHOSTUNREACH, false));
    }

    @Test
    void namesACodeItCannotExplainWithFfmpegsTextInsteadOfJavaCvsHints() {
        String raw = "avformat_open_input() error -22: Could not open input \"/dev/video0\". (Has setFormat() been "
                + "called?) (For more details, make sure FFmpegLogCallback.set() has been called.)";
        assertEquals("FFmpeg error -22 (Invalid argument)", FfmpegErrors.describe(CAMERA, raw, false));
        assertEquals("something else went wrong", FfmpegErrors.describe(CAMERA,
                "something else went wrong (For more details, make sure FFmpegLogCallback.set() has been called.)", false));
    }
}
