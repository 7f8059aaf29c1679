package dev.actionstream.config;

import java.nio.file.Path;

/**
 * How the files of one model are named: {@code X.onnx} for the one-piece model and, when exported with its split
 * form, {@code X.encoder.onnx} and {@code X.head.onnx} beside it. The three are one model, {@code X}, to whoever
 * watches a folder or looks for a missing half.
 */
public final class ModelFiles {

    public static final String EXTENSION = ".onnx";
    public static final String ENCODER_SUFFIX = ".encoder.onnx";
    public static final String HEAD_SUFFIX = ".head.onnx";

    private ModelFiles() {
    }

    /** Whether {@code fileName} names an ONNX file at all. */
    public static boolean isOnnx(String fileName) {
        return fileName.endsWith(EXTENSION);
    }

    public static boolean isEncoder(String fileName) {
        return fileName.endsWith(ENCODER_SUFFIX);
    }

    public static boolean isHead(String fileName) {
        return fileName.endsWith(HEAD_SUFFIX);
    }

    /** Whether {@code fileName} is one half of a split model, by its name alone. */
    public static boolean isHalf(String fileName) {
        return isEncoder(fileName) || isHead(fileName);
    }

    /** {@code X.onnx}, {@code X.encoder.onnx} and {@code X.head.onnx} are one model: {@code X}. */
    public static String group(String fileName) {
        for (String suffix : new String[] {ENCODER_SUFFIX, HEAD_SUFFIX, EXTENSION}) {
            if (fileName.endsWith(suffix)) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName;
    }

    /** {@code X} → {@code X.onnx}. */
    public static String fullName(String group) {
        return group + EXTENSION;
    }

    /** {@code X} → {@code X.encoder.onnx}. */
    public static String encoderName(String group) {
        return group + ENCODER_SUFFIX;
    }

    /** {@code X} → {@code X.head.onnx}. */
    public static String headName(String group) {
        return group + HEAD_SUFFIX;
    }

    /**
     * Where the exporter writes the encoder of the one-piece file {@code model}: {@code dir/m.onnx} →
     * {@code dir/m.encoder.onnx}. Only {@code .onnx} is stripped, so no name the user gave is ever overwritten.
     */
    public static Path encoderBeside(Path model) {
        return model.resolveSibling(encoderName(stem(model)));
    }

    /** {@code dir/m.onnx} → {@code dir/m.head.onnx}; see {@link #encoderBeside}. */
    public static Path headBeside(Path model) {
        return model.resolveSibling(headName(stem(model)));
    }

    /** The other half that a half's own name implies ({@code X.head.onnx} ↔ {@code X.encoder.onnx}), else null. */
    public static Path impliedPair(Path half) {
        String name = half.getFileName().toString();
        if (isHead(name)) {
            return half.resolveSibling(encoderName(group(name)));
        }
        if (isEncoder(name)) {
            return half.resolveSibling(headName(group(name)));
        }
        return null;
    }

    private static String stem(Path model) {
        String name = model.getFileName().toString();
        return isOnnx(name) ? name.substring(0, name.length() - EXTENSION.length()) : name;
    }
}
