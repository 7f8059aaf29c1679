/** Tests of the models shipped under {@code examples/models}, served by the real pipeline. */
package dev.actionstream.runtime.shipped;
