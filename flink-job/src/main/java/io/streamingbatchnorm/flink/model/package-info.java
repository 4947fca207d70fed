/**
 * The job's data model: the events passed between its stages, the state its operators keep, and their mapping
 * to and from the Avro records on the wire.
 *
 * <p>Two constraints shape it. Several events are unions written as classes with nullable fields ({@code
 * InputEvent}: a feature or a dead letter; {@code StampedEvent}: a record or a control marker; {@code
 * OutputEvent}: one of three outputs): the job refuses generic types, so that no type falls back to Kryo, and
 * Flink's POJO serializer handles a class of public fields, with null for the absent side, without a custom
 * serializer to keep compatible. And the fully qualified names of the types Flink keeps in state ({@code
 * FeatureEvent} and {@code StampedEvent} in open windows, {@code StoredCommand} in broadcast state, {@code
 * KeyControlState}, {@code ControlFields}, {@code KeyStatsState}) are written into every checkpoint and
 * savepoint: moving one out of this package would make every earlier savepoint unrestorable. Add fields; never
 * move or rename these classes.
 */
package io.streamingbatchnorm.flink.model;
