package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.deadletter.Rejections;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.FeatureVectorCodec;
import io.streamingbatchnorm.schemas.WireFormatException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Avro single-object payloads of the features topic and validates them; a payload that cannot
 * be decoded, is invalid, is dated too far ahead or is too large to be written out normalized becomes a dead
 * letter instead of failing the job or moving the watermark.
 *
 * <p>Payloads of the current schema are read straight into a {@code double[]} ({@link FeatureVectorCodec}),
 * without Avro's boxed list; older schema versions go through Avro's schema resolution as before.
 */
public class KafkaFeatureDeserializer implements KafkaRecordDeserializationSchema<InputEvent> {
    private static final long serialVersionUID = 1L;

    private final NormalizerConfig config;
    private final InputLimits limits;
    private transient FeatureVectorCodec codec;

    public KafkaFeatureDeserializer(NormalizerConfig config, InputLimits limits) {
        this.config = config;
        this.limits = limits;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputEvent> out) {
        if (codec == null) {
            codec = AvroWire.featureVectors();
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
        if (invalid == null) {
            invalid = limits.future(event.eventTime, System.currentTimeMillis());
        }
        if (invalid == null) {
            // The output is keyed by the normalization key: at most three bytes a character in UTF-8.
            invalid = limits.size(payload.length, event.key.length() * 3, event.values.length);
        }
        if (invalid != null) {
            out.collect(InputEvent.rejected(deadLetter(record, payload, invalid)));
        } else {
            out.collect(InputEvent.of(event));
        }
    }

    /** Capped here already: a payload of megabytes should not travel on to the dead-letter sink whole. */
    private DeadLetterEvent deadLetter(ConsumerRecord<byte[], byte[]> r, byte[] payload, Rejection why) {
        return new DeadLetterEvent(
                        payload,
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        null,
                        why.reason().name(),
                        why.message(),
                        System.currentTimeMillis())
                .capped(config.maxDeadLetterBytes());
    }

    @Override
    public TypeInformation<InputEvent> getProducedType() {
        return TypeInformation.of(InputEvent.class);
    }
}
