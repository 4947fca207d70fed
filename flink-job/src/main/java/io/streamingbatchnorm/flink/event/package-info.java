/**
 * The events passed between the stages of the job, and their mapping to and from the Avro records on the wire.
 *
 * <p>Several of them are unions written as classes with nullable fields ({@code InputEvent}: a feature or a
 * dead letter; {@code StampedEvent}: a record or a control marker; {@code OutputEvent}: one of three outputs):
 * the job refuses generic types, so that no type falls back to Kryo, and Flink's POJO serializer handles a
 * class of public fields, with null for the absent side, without any custom serializer to keep compatible.
 */
package io.streamingbatchnorm.flink.event;
