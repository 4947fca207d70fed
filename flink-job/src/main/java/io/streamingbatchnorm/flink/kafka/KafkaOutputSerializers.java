package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireCodec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
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

    /** Normalized records, keyed by normalization key. */
    public static KafkaRecordSerializationSchema<NormalizedEvent> normalized(String topic) {
        return new Encoding<>(topic, e -> e.key, RecordMapping::toAvro, AvroWire::normalizedRecords);
    }

    /** Statistics snapshots, keyed by normalization key for the compacted topic. */
    public static KafkaRecordSerializationSchema<StatsEvent> stats(String topic) {
        return new Encoding<>(topic, s -> s.key, RecordMapping::toAvro, AvroWire::statsSnapshots);
    }

    /** Dead letters, keyed by reason code so that one reason's letters stay in order. */
    public static KafkaRecordSerializationSchema<DeadLetterEvent> deadLetters(String topic) {
        return new Encoding<>(topic, d -> d.reason, RecordMapping::toAvro, AvroWire::deadLetters);
    }

    /** A function that Flink can ship with the job graph. */
    interface SerializableFunction<A, B> extends Function<A, B>, Serializable {}

    /** A codec factory that Flink can ship with the job graph; the codec itself is built on the task. */
    interface CodecSupplier<R extends SpecificRecord> extends Supplier<WireCodec<R>>, Serializable {}

    /** Maps an output to its Avro record, encodes it, and keys it by the given field. */
    static final class Encoding<T, R extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final SerializableFunction<T, String> key;
        private final SerializableFunction<T, R> toAvro;
        private final CodecSupplier<R> codecs;
        private transient WireCodec<R> codec;

        Encoding(
                String topic,
                SerializableFunction<T, String> key,
                SerializableFunction<T, R> toAvro,
                CodecSupplier<R> codecs) {
            this.topic = topic;
            this.key = key;
            this.toAvro = toAvro;
            this.codecs = codecs;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = codecs.get();
            }
            String k = key.apply(element);
            byte[] keyBytes = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(topic, null, null, keyBytes, codec.encode(toAvro.apply(element)));
        }
    }
}
