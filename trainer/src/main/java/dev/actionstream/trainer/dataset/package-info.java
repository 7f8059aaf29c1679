/**
 * Folders of videos in the UCF50/KTH layout ({@code root/<Class>/<video>}) turned into prepared training windows:
 * decoding, even frame sampling, the stratified split and the on-disk tensor cache.
 */
package dev.actionstream.trainer.dataset;
