package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.deadletter.Rejections;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireCodec;
import io.streamingbatchnorm.schemas.WireFormatException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Avro single-object payloads of the features topic and validates them; a payload that cannot
 * be decoded or is invalid becomes a dead letter instead of failing the job.
 */
public class KafkaFeatureDeserializer implements KafkaRecordDeserializationSchema<InputEvent> {
    private static final long serialVersionUID = 1L;

    private final NormalizerConfig config;
    private transient WireCodec<FeatureRecord> codec;

    public KafkaFeatureDeserializer(NormalizerConfig config) {
        this.config = config;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputEvent> out) {
        if (codec == null) {
            codec = AvroWire.featureRecords();
        }
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        FeatureEvent event;
        try {
            event = RecordMapping.toEvent(codec.decode(payload), record.partition(), record.offset());
        } catch (WireFormatException e) {
            out.collect(InputEvent.rejected(
                    deadLetter(record, payload, Rejection.of(Rejections.reason(e), e.getMessage()))));
            return;
        }
        Rejection invalid = RecordCheck.validate(event.key, event.eventTime, event.values, config);
        if (invalid != null) {
            out.collect(InputEvent.rejected(deadLetter(record, payload, invalid)));
        } else {
            out.collect(InputEvent.of(event));
        }
    }

    private static DeadLetterEvent deadLetter(ConsumerRecord<byte[], byte[]> r, byte[] payload, Rejection why) {
        return new DeadLetterEvent(
                payload,
                r.topic(),
                r.partition(),
                r.offset(),
                null,
                why.reason().name(),
                why.message(),
                System.currentTimeMillis());
    }

    @Override
    public TypeInformation<InputEvent> getProducedType() {
        return TypeInformation.of(InputEvent.class);
    }
}
