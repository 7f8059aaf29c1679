package dev.actionstream.runtime.source;

import org.bytedeco.ffmpeg.global.avutil;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in words why FFmpeg could not open or read a source. JavaCV reports failures as text around an FFmpeg error
 * code ({@code avformat_open_input() error -111: Could not open input ... (Has setFormat() been called?)}); the code,
 * read with the kind of source, decides the sentence. The caller keeps FFmpeg's own text for the debug log.
 */
final class FfmpegErrors {

    // Linux errno values; FFmpeg returns them negated (AVERROR(e)).
    static final int EPERM = -1;
    static final int ENOENT = -2;
    static final int EIO = -5;
    static final int ENXIO = -6;
    static final int EACCES = -13;
    static final int EBUSY = -16;
    static final int ENODEV = -19;
    static final int EISDIR = -21;
    static final int ENETUNREACH = -101;
    static final int ECONNRESET = -104;
    static final int ETIMEDOUT = -110;
    static final int ECONNREFUSED = -111;
    static final int EHOSTUNREACH = -113;

    // FFmpeg's own codes: FFERRTAG(a, b, c, d) = -(a | b << 8 | c << 16 | d << 24).
    static final int INVALIDDATA = tag('I', 'N', 'D', 'A');
    static final int DECODER_NOT_FOUND = tag(0xF8, 'D', 'E', 'C');
    static final int DEMUXER_NOT_FOUND = tag(0xF8, 'D', 'E', 'M');
    static final int PROTOCOL_NOT_FOUND = tag(0xF8, 'P', 'R', 'O');
    static final int STREAM_NOT_FOUND = tag(0xF8, 'S', 'T', 'R');
    static final int HTTP_BAD_REQUEST = tag(0xF8, '4', '0', '0');
    static final int HTTP_UNAUTHORIZED = tag(0xF8, '4', '0', '1');
    static final int HTTP_FORBIDDEN = tag(0xF8, '4', '0', '3');
    static final int HTTP_NOT_FOUND = tag(0xF8, '4', '0', '4');
    static final int HTTP_OTHER_4XX = tag(0xF8, '4', 'X', 'X');
    static final int HTTP_SERVER_ERROR = tag(0xF8, '5', 'X', 'X');

    private static final Pattern CODE = Pattern.compile("error (-\\d+)");

    private FfmpegErrors() {
    }

    private static int tag(int a, int b, int c, int d) {
        return -(a | b << 8 | c << 16 | d << 24);
    }

    /**
     * Why a file source cannot be read, checked before FFmpeg sees it (FFmpeg's answers for these are less clear);
     * {@code null} when it is a readable regular file.
     */
    static String fileProblem(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory, not a video file";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (!Files.isRegularFile(file)) {
            return "not a regular file";
        }
        if (!Files.isReadable(file)) {
            return "permission denied (the file is not readable by this user)";
        }
        return null;
    }

    /**
     * One sentence for a failure of {@code spec}.
     *
     * @param ffmpegMessage JavaCV's exception text
     * @param waitedOut     whether the attempt lasted as long as its timeout (FFmpeg's RTSP client reports a server
     *                      that never answers as invalid data)
     */
    static String describe(SourceSpec spec, String ffmpegMessage, boolean waitedOut) {
        String message = ffmpegMessage == null ? "" : ffmpegMessage;
        if (message.contains("avcodec_find_decoder()")) {
            return unsupportedCodec();
        }
        Matcher m = CODE.matcher(message);
        if (!m.find()) {
            return plain(message);
        }
        int code;
        try {
            code = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return plain(message);
        }
        String sentence = describe(spec, code, waitedOut);
        return sentence != null ? sentence : "FFmpeg error " + code + " (" + ffmpegText(code) + ")";
    }

    /** The sentence for an FFmpeg error code; {@code null} when the code is not one we can explain. */
    static String describe(SourceSpec spec, int code, boolean waitedOut) {
        SourceSpec.Kind kind = spec.kind();
        boolean network = kind == SourceSpec.Kind.RTSP || kind == SourceSpec.Kind.HTTP;
        String server = network ? serverOf(spec.location()) : "";
        if (code == ENOENT) {
            return switch (kind) {
                case CAMERA -> "no such device (is the camera plugged in? ls /dev/video* lists the ones there are)";
                case FILE -> "no such file";
                default -> "not found";
            };
        }
        if (code == EACCES || code == EPERM) {
            return kind == SourceSpec.Kind.CAMERA
                    ? "permission denied (the user running actionstream needs to be in the 'video' group)"
                    : "permission denied";
        }
        if (code == EBUSY) {
            return "the device is busy (another program is using the camera)";
        }
        if (code == ENODEV || code == ENXIO) {
            return "no such device, or it is not a video capture device";
        }
        if (code == EISDIR) {
            return "is a directory, not a video file";
        }
        if (code == ECONNREFUSED) {
            return "connection refused by " + server + " (nothing listens on that port: wrong port, or the camera "
                    + "or server is down)";
        }
        if (code == ETIMEDOUT || (network && waitedOut && (code == INVALIDDATA || code == EIO))) {
            return "timed out: " + server + " did not answer in time";
        }
        if (code == EHOSTUNREACH || code == ENETUNREACH) {
            return "host unreachable: " + hostOf(spec.location()) + " (network down or wrong address)";
        }
        if (code == ECONNRESET) {
            return "the connection was reset by " + server;
        }
        if (code == EIO) {
            URI u = uri(spec.location());
            if (network && u != null && u.getHost() != null && !resolves(u.getHost())) {
                return "host not found: " + hostOf(spec.location()) + " (check the name, or use the IP address)";
            }
            return network ? "input/output error talking to " + server : "input/output error reading the device";
        }
        if (code == HTTP_UNAUTHORIZED) {
            return hasLogin(spec.location())
                    ? "401 Unauthorized: the camera refused this user name and password"
                    : "401 Unauthorized: the camera requires a login; give it in the URL as "
                            + scheme(spec.location()) + "://USER:PASSWORD@" + server + "/...";
        }
        if (code == HTTP_FORBIDDEN) {
            return "403 Forbidden: the server refuses access to this stream";
        }
        if (code == HTTP_NOT_FOUND) {
            return "404 Not Found: " + server + " has no stream at " + pathOf(spec.location())
                    + " (check the path after the port)";
        }
        if (code == HTTP_BAD_REQUEST) {
            return "400 Bad Request: the server did not understand the request";
        }
        if (code == HTTP_OTHER_4XX) {
            return "the server refused the request (a 4xx error)";
        }
        if (code == HTTP_SERVER_ERROR) {
            return "the server failed to serve the stream (a 5xx error)";
        }
        if (code == INVALIDDATA) {
            return switch (kind) {
                case FILE -> "not a video file FFmpeg can read (unknown format or damaged data)";
                case RTSP -> server + " did not answer as an RTSP server";
                case HTTP -> server + " did not send a video stream FFmpeg can read (is the URL an MJPEG stream?)";
                case CAMERA -> "the device does not deliver video FFmpeg can read";
                default -> "invalid data";
            };
        }
        if (code == DECODER_NOT_FOUND) {
            return unsupportedCodec();
        }
        if (code == DEMUXER_NOT_FOUND) {
            return "unsupported container format";
        }
        if (code == PROTOCOL_NOT_FOUND) {
            return "this FFmpeg build does not support the protocol";
        }
        if (code == STREAM_NOT_FOUND) {
            return "has no video stream";
        }
        return null;
    }

    private static String unsupportedCodec() {
        return "unsupported video codec (FFmpeg has no decoder for it; re-encode it, e.g. to H.264)";
    }

    /** FFmpeg's own short text for a code it returned, e.g. "Invalid argument". */
    private static String ffmpegText(int code) {
        byte[] text = new byte[128];
        try {
            if (avutil.av_strerror(code, text, text.length) != 0) {
                return "unknown error";
            }
            int end = 0;
            while (end < text.length && text[end] != 0) {
                end++;
            }
            return new String(text, 0, end, StandardCharsets.UTF_8);
        } catch (RuntimeException | LinkageError e) {
            return "unknown error";
        }
    }

    /** JavaCV's text without its hints for programmers, when there is no code to explain. */
    private static String plain(String message) {
        return message.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
                .trim();
    }

    private static URI uri(String location) {
        try {
            return URI.create(location);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String serverOf(String location) {
        URI u = uri(location);
        if (u == null || u.getHost() == null) {
            return "the server";
        }
        return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }

    private static String hostOf(String location) {
        URI u = uri(location);
        return u == null || u.getHost() == null ? "the server" : u.getHost();
    }

    private static String pathOf(String location) {
        URI u = uri(location);
        return u == null || u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    }

    private static String scheme(String location) {
        URI u = uri(location);
        return u == null || u.getScheme() == null ? "rtsp" : u.getScheme();
    }

    private static boolean hasLogin(String location) {
        URI u = uri(location);
        return u != null && u.getRawUserInfo() != null;
    }

    /** Only asked after FFmpeg failed with a bare I/O error, which is how it reports a name it could not resolve. */
    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
