package io.streamingbatchnorm.flink.io;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Avro single-object serializers of the job's outputs, each Kafka record keyed by the normalization key.
 *
 * <p>Records carry no explicit Kafka timestamp, so the producer stamps them with the time they are
 * written. The event time is in the record itself; as a Kafka timestamp it would be refused by brokers
 * whenever it lies more than {@code log.message.timestamp.after.max.ms} (one hour by default) in the
 * future, and records leaving a window carry Flink's {@code Long.MAX_VALUE}, which is refused too.
 */
public final class KafkaOutputSerializers {
    private KafkaOutputSerializers() {}

    /** Normalized records, keyed by normalization key, timestamped with their event time. */
    public static final class Normalized implements KafkaRecordSerializationSchema<NormalizedEvent> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private transient WireCodec<NormalizedRecord> codec;

        public Normalized(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(NormalizedEvent e, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = AvroWire.normalizedRecords();
            }
            return new ProducerRecord<>(topic, null, null, utf8(e.key), codec.encode(RecordMapping.toAvro(e)));
        }
    }

    /** Statistics snapshots, keyed by normalization key for the compacted topic. */
    public static final class Stats implements KafkaRecordSerializationSchema<StatsEvent> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private transient WireCodec<StatsSnapshot> codec;

        public Stats(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(StatsEvent s, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = AvroWire.statsSnapshots();
            }
            return new ProducerRecord<>(topic, null, null, utf8(s.key), codec.encode(RecordMapping.toAvro(s)));
        }
    }

    /** Dead letters, keyed by reason code so that one reason's letters stay in order. */
    public static final class DeadLetters implements KafkaRecordSerializationSchema<DeadLetterEvent> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private transient WireCodec<DeadLetter> codec;

        public DeadLetters(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetterEvent d, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = AvroWire.deadLetters();
            }
            return new ProducerRecord<>(topic, null, null, utf8(d.reason), codec.encode(RecordMapping.toAvro(d)));
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
