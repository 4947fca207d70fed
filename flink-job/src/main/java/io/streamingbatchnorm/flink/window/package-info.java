/**
 * Micro-batches as Flink keyed windows: the window type, assigner, trigger and serializer, and the window
 * function that normalizes a fired batch and keeps the key's running statistics in the operator's state.
 */
package io.streamingbatchnorm.flink.window;
