/**
 * The DL4J networks, one {@link dev.actionstream.trainer.model.NetworkBuilder} per architecture (ConvLSTM with a custom
 * {@link dev.actionstream.trainer.model.ConvLstm2D} layer, and LRCN), and the single conversion between prepared
 * windows, network input and class probabilities.
 */
package dev.actionstream.trainer.model;
