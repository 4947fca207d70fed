/**
 * The job on Kafka: sources and their deserializers, sinks and their serializers, the start-up checks of the
 * brokers, and reading the control topic before the job starts.
 */
package io.streamingbatchnorm.flink.kafka;
