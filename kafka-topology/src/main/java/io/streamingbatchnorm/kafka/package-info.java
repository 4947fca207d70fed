/**
 * The Kafka Streams serving application: it keeps the latest statistics snapshot of every normalization
 * key, normalizes an inference stream with them in eval mode, and serves them over HTTP.
 *
 * <p>Entry points: {@link io.streamingbatchnorm.kafka.ServingApp#start} (what {@code normalize serve}
 * calls), {@link io.streamingbatchnorm.kafka.ServingTopology#build}, and
 * {@link io.streamingbatchnorm.kafka.ServingNormalizer#normalize}, the eval-mode arithmetic shared with the
 * Flink job. Imports core and schemas, never flink-job; only the cli and tests import it.
 */
package io.streamingbatchnorm.kafka;
