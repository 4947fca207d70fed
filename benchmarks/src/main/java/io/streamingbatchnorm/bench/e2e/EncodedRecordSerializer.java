package io.streamingbatchnorm.bench.e2e;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes {@link EncodedRecord}s to one topic as they are. */
public class EncodedRecordSerializer implements KafkaRecordSerializationSchema<EncodedRecord> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public EncodedRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EncodedRecord r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, r.timestamp, r.key, r.value);
    }
}
