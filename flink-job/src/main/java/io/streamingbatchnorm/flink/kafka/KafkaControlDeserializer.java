package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.flink.deadletter.Rejections;
import io.streamingbatchnorm.flink.model.ControlInput;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireCodec;
import io.streamingbatchnorm.schemas.WireFormatException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes control commands; the topic offset orders commands with the same effective time. */
public class KafkaControlDeserializer implements KafkaRecordDeserializationSchema<ControlInput> {
    private static final long serialVersionUID = 1L;
    private transient WireCodec<ControlCommand> codec;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ControlInput> out) {
        if (codec == null) {
            codec = AvroWire.controlCommands();
        }
        ControlInput in = new ControlInput();
        in.topic = record.topic();
        in.partition = record.partition();
        in.offset = record.offset();
        in.original = record.value() == null ? new byte[0] : record.value();
        try {
            in.command = RecordMapping.toStored(codec.decode(in.original), record.offset());
        } catch (WireFormatException | IllegalArgumentException e) {
            String reason =
                    e instanceof WireFormatException w ? Rejections.reason(w).name() : "UNKNOWN_COMMAND";
            in.rejected = new DeadLetterEvent(
                    in.original,
                    in.topic,
                    in.partition,
                    in.offset,
                    null,
                    reason,
                    e.getMessage(),
                    System.currentTimeMillis());
        }
        out.collect(in);
    }

    @Override
    public TypeInformation<ControlInput> getProducedType() {
        return TypeInformation.of(ControlInput.class);
    }
}
