package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes a FeatureRecord and writes it out as a NormalizedRecord with its values unchanged, keyed by its
 * normalization key: what the serving normalizer does to a record, minus the statistics lookup and the arithmetic.
 */
final class ReencodeNormalized implements Processor<byte[], byte[], byte[], byte[]> {
    static final String NAME = "passthrough-reencode";

    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        FeatureRecord f = AvroWire.featureRecords().decode(record.value());
        NormalizedRecord out = NormalizedRecord.newBuilder()
                .setKey(f.getKey())
                .setEventTime(f.getEventTime())
                .setId(f.getId())
                .setAttributes(f.getAttributes())
                .setValues(f.getValues())
                .setMode(Mode.EVAL)
                .setStatsVersion(0)
                .setBatchSize(1)
                .setLate(false)
                .build();
        context.forward(record.withKey(f.getKey().getBytes(StandardCharsets.UTF_8))
                .withValue(AvroWire.normalizedRecords().encode(out)));
    }
}
