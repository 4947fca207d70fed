package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.DriftReport;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.schemas.AvroWire;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Avro single-object serializers of the job's outputs.
 *
 * <p>Records carry no explicit Kafka timestamp, so the producer stamps them with the time they are
 * written. The event time is in the record itself; as a Kafka timestamp it would be refused by brokers
 * whenever it lies more than {@code log.message.timestamp.after.max.ms} (one hour by default) in the
 * future, and records leaving a window carry Flink's {@code Long.MAX_VALUE}, which is refused too.
 */
public final class KafkaOutputSerializers {
    private KafkaOutputSerializers() {}

    /** Normalized records, keyed by normalization key, written without boxing their values. */
    public static KafkaRecordSerializationSchema<NormalizedEvent> normalized(String topic) {
        return new Encoding<>(
                topic, e -> e.key, e -> AvroWire.normalizedVectors().encode(RecordMapping.toVector(e)));
    }

    /** Statistics snapshots, keyed by normalization key for the compacted topic. */
    public static KafkaRecordSerializationSchema<StatsEvent> stats(String topic) {
        return new Encoding<>(topic, s -> s.key, s -> AvroWire.statsSnapshots().encode(RecordMapping.toAvro(s)));
    }

    /** Dead letters, keyed by reason code so that one reason's letters stay in order. */
    public static KafkaRecordSerializationSchema<DeadLetterEvent> deadLetters(String topic) {
        return new Encoding<>(topic, d -> d.reason, d -> AvroWire.deadLetters().encode(RecordMapping.toAvro(d)));
    }

    /** Drift events, keyed by normalization key so that one key's events stay in order. */
    public static KafkaRecordSerializationSchema<DriftReport> drift(String topic) {
        return new Encoding<>(topic, d -> d.key, d -> AvroWire.driftEvents().encode(RecordMapping.toAvro(d)));
    }

    /** A function that Flink can ship with the job graph. */
    interface SerializableFunction<A, B> extends Function<A, B>, Serializable {}

    /** Encodes an output and keys it by the given field. */
    static final class Encoding<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final SerializableFunction<T, String> key;
        private final SerializableFunction<T, byte[]> encoder;

        Encoding(String topic, SerializableFunction<T, String> key, SerializableFunction<T, byte[]> encoder) {
            this.topic = topic;
            this.key = key;
            this.encoder = encoder;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            String k = key.apply(element);
            byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(topic, null, null, keyBytes, encoder.apply(element));
        }
    }
}
