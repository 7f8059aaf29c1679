package dev.actionstream.runtime.source;

import dev.actionstream.synth.SyntheticLiveSource;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code --source} string means. Forms: {@code /dev/videoN} (webcam, video4linux2), {@code rtsp://...},
 * {@code http(s)://...} (MJPEG over HTTP), {@code lavfi:FILTER} (an FFmpeg test pattern that behaves like a camera,
 * e.g. {@code lavfi:testsrc=size=320x240:rate=25}), {@code synthetic[:WIDTHxHEIGHT[@FPS]][?seed=N]}, or a video
 * file path.
 *
 * @param width  synthetic frame width (0 otherwise; synthetic defaults are the synth module's)
 * @param height synthetic frame height (0 otherwise)
 * @param fps    synthetic frame rate (0 otherwise)
 */
public record SourceSpec(Kind kind, String location, int width, int height, double fps) {

    /** {@code scheme://user:password@}: the password is what must not reach the API, the page or the log. */
    private static final Pattern LOGIN = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@");

    public enum Kind {
        CAMERA, RTSP, HTTP, LAVFI, SYNTHETIC, FILE;

        /** Live inputs have no end: when they stop, the grabber reconnects. */
        public boolean live() {
            return this != FILE;
        }
    }

    /** Parses a source; the message of the exception says which forms are accepted. */
    public static SourceSpec parse(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("empty source");
        }
        String s = source.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (SyntheticLiveSource.Settings.isSynthetic(s)) {
            SyntheticLiveSource.Settings settings = SyntheticLiveSource.Settings.parse(s);
            return new SourceSpec(Kind.SYNTHETIC, s, settings.width(), settings.height(), settings.fps());
        }
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return new SourceSpec(Kind.RTSP, s, 0, 0, 0);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new SourceSpec(Kind.HTTP, s, 0, 0, 0);
        }
        if (lower.startsWith("lavfi:")) {
            return new SourceSpec(Kind.LAVFI, s.substring("lavfi:".length()), 0, 0, 0);
        }
        if (s.startsWith("/dev/video")) {
            return new SourceSpec(Kind.CAMERA, s, 0, 0, 0);
        }
        if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("unsupported source scheme in '" + s
                    + "': use rtsp://, http(s)://, /dev/videoN, lavfi:FILTER, synthetic[:WxH[@FPS]][?seed=N] "
                    + "or a file path");
        }
        return new SourceSpec(Kind.FILE, s, 0, 0, 0);
    }

    /** A source as it may be shown (status, live view, messages, log): a password in its URL replaced by ***. */
    public static String redacted(String source) {
        Matcher m = LOGIN.matcher(source);
        return m.find() ? m.replaceFirst("$1:***@") : source;
    }

    /** The kind and location, with any password redacted: this is what errors and the log show. */
    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + redacted(location);
    }
}
