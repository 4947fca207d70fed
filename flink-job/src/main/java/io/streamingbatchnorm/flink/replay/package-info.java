/**
 * Bounded replays from JSON-line files to files: the file format, the control file, the writer of outputs and
 * the entry point.
 */
package io.streamingbatchnorm.flink.replay;
