/**
 * Dead letters: splitting refused inputs off the record stream, counting them by reason, and building them in
 * the format the input came in.
 */
package io.streamingbatchnorm.flink.deadletter;
