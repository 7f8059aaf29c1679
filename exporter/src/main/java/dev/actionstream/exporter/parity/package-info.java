/**
 * Proof that an exported file computes what the DL4J network computes: both run on the same windows and the class
 * probabilities must agree within {@link dev.actionstream.exporter.parity.ParityCheck#TOLERANCE} with equal top-1.
 */
package dev.actionstream.exporter.parity;
