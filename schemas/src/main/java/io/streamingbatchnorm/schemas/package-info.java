/**
 * The Kafka wire format: Avro single-object encoding of the generated records in
 * {@code io.streamingbatchnorm.avro}, the catalog of every schema version this library can read, and the
 * errors a bad payload is reported with.
 */
package io.streamingbatchnorm.schemas;
