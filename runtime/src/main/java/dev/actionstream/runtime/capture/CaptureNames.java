package dev.actionstream.runtime.capture;

import java.util.regex.Pattern;

/**
 * The names a request puts into paths (dataset, label, clip file): 1–64 letters, digits, {@code _ - .}, not starting
 * with a dot. Nothing else can reach the file system, so {@code ../x}, {@code /}, NUL or a hidden file are impossible.
 */
public final class CaptureNames {

    static final int MAX_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

    private CaptureNames() {
    }

    /** {@code value}, checked; {@code what} names it in the message ({@code label}, {@code dataset}, {@code file}). */
    public static String check(String what, String value) throws CaptureRefusedException {
        if (value == null || value.isEmpty()) {
            throw new CaptureRefusedException(400, what + ": required (1-" + MAX_LENGTH
                    + " letters, digits, '_', '-' or '.')");
        }
        if (value.length() > MAX_LENGTH) {
            throw new CaptureRefusedException(400, what + ": at most " + MAX_LENGTH + " characters, got "
                    + value.length());
        }
        if (!NAME.matcher(value).matches()) {
            throw new CaptureRefusedException(400, what + ": '" + printable(value) + "' is not allowed: use letters, "
                    + "digits, '_', '-' and '.', not starting with '.' (it becomes a folder or file name)");
        }
        return value;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
