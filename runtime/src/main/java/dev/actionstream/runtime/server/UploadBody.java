package dev.actionstream.runtime.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The body of a model upload as it streams in, written to a temporary file chunk by chunk so an upload never sits in
 * memory. Two forms: the raw file ({@code application/octet-stream}) or a multipart form with one file part.
 */
sealed interface UploadBody permits UploadBody.Raw, UploadBody.Multipart {

    /** A complete uploaded file and the client's (unsanitised) name for it. */
    record Completed(String clientName, Path file) {
    }

    /** Thrown for a malformed upload; the message is for the client (400). */
    final class BadUploadException extends Exception {
        BadUploadException(String message) {
            super(message);
        }
    }

    void append(HttpContent chunk) throws IOException, BadUploadException;

    Completed finish() throws IOException, BadUploadException;

    /** Deletes whatever was written; safe to call twice. */
    void discard();

    static boolean isMultipart(HttpRequest request) {
        return HttpPostRequestDecoder.isMultipart(request);
    }

    /** The raw file, named by {@code ?name=} or a Content-Disposition filename. */
    final class Raw implements UploadBody {
        private final String clientName;
        private final Path file;
        private final FileChannel out;
        private long written;

        Raw(String clientName) throws IOException {
            this.clientName = clientName;
            this.file = Files.createTempFile("actionstream-upload-", ".onnx");
            this.out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void append(HttpContent chunk) throws IOException {
            ByteBuf buf = chunk.content();
            while (buf.isReadable()) {
                written += buf.readBytes(out, buf.readableBytes());
            }
        }

        @Override
        public Completed finish() throws IOException, BadUploadException {
            out.close();
            if (written == 0) {
                throw new BadUploadException("empty upload: the request body must be the .onnx file");
            }
            return new Completed(clientName, file);
        }

        @Override
        public void discard() {
            try {
                out.close();
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Best effort: a temp file left behind is harmless and the OS cleans its temp dir.
            }
        }
    }

    /** {@code multipart/form-data}: the first file part is the model; Netty's decoder spools it to disk. */
    final class Multipart implements UploadBody {
        private final HttpPostMultipartRequestDecoder decoder;
        private final String nameOverride;
        private boolean destroyed;

        Multipart(HttpRequest request, long maxBytes, String nameOverride) throws BadUploadException {
            DefaultHttpDataFactory factory = new DefaultHttpDataFactory(true);
            factory.setMaxLimit(maxBytes);
            factory.setDeleteOnExit(false);
            try {
                this.decoder = new HttpPostMultipartRequestDecoder(factory, request);
            } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
                throw new BadUploadException("malformed multipart request: " + e.getMessage());
            }
            this.nameOverride = nameOverride;
        }

        @Override
        public void append(HttpContent chunk) throws BadUploadException {
            try {
                decoder.offer(chunk);
            } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
                throw new BadUploadException("malformed multipart body: " + e.getMessage());
            }
        }

        @Override
        public Completed finish() throws IOException, BadUploadException {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload upload && upload.isCompleted()) {
                    if (upload.length() == 0) {
                        throw new BadUploadException("empty upload: the file part '" + upload.getName() + "' is empty");
                    }
                    String name = nameOverride != null ? nameOverride : upload.getFilename();
                    return new Completed(name, upload.getFile().toPath());
                }
            }
            throw new BadUploadException("multipart body has no file part: send the model as a form field with a filename");
        }

        @Override
        public void discard() {
            if (!destroyed) {
                destroyed = true;
                decoder.destroy();
            }
        }
    }
}
