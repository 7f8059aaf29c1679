package dev.actionstream.exporter;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Path;

/** Reads the standard ONNX model fields back through ONNX Runtime, as a runtime would. */
final class OrtSessionProbe implements AutoCloseable {

    private final OrtSession session;

    OrtSessionProbe(Path file) {
        try {
            session = OrtEnvironment.getEnvironment().createSession(file.toString());
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    String producer() {
        try {
            return session.getMetadata().getProducerName();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    long version() {
        try {
            return session.getMetadata().getVersion();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    String description() {
        try {
            return session.getMetadata().getDescription();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
