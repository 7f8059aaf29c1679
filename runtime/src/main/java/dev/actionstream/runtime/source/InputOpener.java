package dev.actionstream.runtime.source;

import java.io.IOException;

/** Opens a stream's input; called again by the grabber for every reconnect. */
@FunctionalInterface
public interface InputOpener {
    VideoInput open() throws IOException;
}
