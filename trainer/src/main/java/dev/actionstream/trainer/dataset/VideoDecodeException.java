package dev.actionstream.trainer.dataset;

import java.nio.file.Path;

/** A video that cannot be turned into a window; the message starts with the file name. */
public final class VideoDecodeException extends Exception {

    private final transient Path file;

    public VideoDecodeException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
