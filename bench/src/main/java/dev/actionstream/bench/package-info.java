/**
 * JMH microbenchmarks of the hot paths, all at the seeds' model size ({@link dev.actionstream.bench.SeedsModels}):
 * scoring with ONNX Runtime versus DL4J, frame preparation, the frame ring, and the LRCN's split form. Run them with
 * {@code ./actionstream jmh [JMH options] [regex]}; {@code bench/README.md} lists the commands behind each figure.
 * The end-to-end load harness ({@code ./actionstream bench}, {@code soak}) is the {@code tools} module's, which runs on
 * the runtime's classpath without DL4J.
 */
package dev.actionstream.bench;
