package dev.actionstream.runtime.server;

import java.util.regex.Pattern;

/**
 * Turns a client-supplied model file name into one that is safe to hand on: the base name only (a browser may send a
 * full path), letters, digits, '.', '_' and '-', ending in {@code .onnx}. Anything else is refused, never repaired.
 */
public final class ModelFileName {

    static final int MAX_LENGTH = 128;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.onnx");

    private ModelFileName() {
    }

    /** @throws IllegalArgumentException with a message fit for the client */
    public static String sanitise(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("model file name missing: use ?name=model.onnx, a Content-Disposition "
                    + "filename, or a multipart file part with a filename");
        }
        String name = raw.trim();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        if (name.length() > MAX_LENGTH || !SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("bad model file name '" + printable(name) + "': use at most " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', not starting with '.', ending in .onnx");
        }
        return name;
    }

    private static String printable(String s) {
        String cut = s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
