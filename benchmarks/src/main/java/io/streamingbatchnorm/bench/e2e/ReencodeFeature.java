package io.streamingbatchnorm.bench.e2e;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;

/** Encodes a decoded feature record back to its single-object Avro bytes, keyed by its key. */
public class ReencodeFeature implements MapFunction<FeatureEvent, EncodedRecord> {
    private static final long serialVersionUID = 1L;
    private transient WireCodec<FeatureRecord> codec;

    @Override
    public EncodedRecord map(FeatureEvent e) {
        if (codec == null) {
            codec = AvroWire.featureRecords();
        }
        return new EncodedRecord(
                e.key.getBytes(StandardCharsets.UTF_8), codec.encode(RecordMapping.toAvro(e)), e.eventTime);
    }
}
