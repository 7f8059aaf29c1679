/**
 * Code the build no longer runs, kept so that benchmarks can time its replacement against it in the same run: the
 * previous Java frame preparation.
 */
package dev.actionstream.bench.legacy;
