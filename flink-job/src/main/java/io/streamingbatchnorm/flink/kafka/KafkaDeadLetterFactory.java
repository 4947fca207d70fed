package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.deadletter.DeadLetterFactory;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.schemas.AvroWire;

/** Dead letters for records and commands read from Kafka: the record re-encoded in Avro, with its topic, partition and offset. */
public class KafkaDeadLetterFactory implements DeadLetterFactory {
    private static final long serialVersionUID = 1L;
    private final String featuresTopic;
    private final String controlTopic;

    public KafkaDeadLetterFactory(String featuresTopic, String controlTopic) {
        this.featuresTopic = featuresTopic;
        this.controlTopic = controlTopic;
    }

    @Override
    public DeadLetterEvent forFeature(FeatureEvent f, Rejection r) {
        byte[] bytes = AvroWire.featureRecords().encode(RecordMapping.toAvro(f));
        return new DeadLetterEvent(
                bytes,
                featuresTopic,
                f.partition,
                f.offset,
                null,
                r.reason().name(),
                r.message(),
                System.currentTimeMillis());
    }

    @Override
    public DeadLetterEvent forCommand(StoredCommand c, Rejection r) {
        byte[] bytes = AvroWire.controlCommands().encode(RecordMapping.toAvro(c));
        return new DeadLetterEvent(
                bytes,
                controlTopic,
                null,
                c.sequence,
                null,
                r.reason().name(),
                r.message(),
                System.currentTimeMillis());
    }
}
