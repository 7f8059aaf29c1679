/**
 * Loaded models, their validation and hot-swap, and the model operations the API calls ({@link
 * dev.actionstream.runtime.models.ModelControl}): files are loaded and checked on the loader thread ({@code
 * model-loader}), then published atomically; the scoring thread picks them up between two batches and closes retired
 * sessions once no frame or window can still reach them.
 */
package dev.actionstream.runtime.models;
