/**
 * JMH microbenchmarks of the hot paths. Run them with {@code ./actionstream jmh [JMH options] [regex]}; the README's
 * performance section lists the exact commands behind each published figure.
 */
package dev.actionstream.bench;
