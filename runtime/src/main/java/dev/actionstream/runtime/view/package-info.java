/**
 * The live view: frames tapped from the grabbers, the current label drawn over them (Java2D), served as MJPEG and
 * shown in a desktop window, plus the web page at {@code /}. Drawing and JPEG encoding run on one {@code view-jpeg}
 * thread, only while someone watches; the grabbers only pay for a copy at the capped rate.
 */
package dev.actionstream.runtime.view;
