package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** A payload written with an older schema version decodes with the current reader. */
class SchemaEvolutionTest {

    @Test
    void readsAnOlderDraftAndFillsTheNewFieldsWithTheirDefaults() throws IOException {
        List<ReleasedSchema> history = SchemaHistory.load(getClass().getClassLoader(), "evolution/");
        Schema draft = history.get(0).schema();
        GenericRecord old = new GenericData.Record(draft);
        old.put("key", "k1");
        old.put("event_time", TestRecords.T0.toEpochMilli());
        old.put("values", Arrays.asList(0.5, null, 2.0));
        byte[] payload = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), draft)
                .encode(old)
                .array();

        WireCodec<FeatureRecord> codec = WireCodec.create(FeatureRecord.class, SchemaCatalog.withReleased(history));
        FeatureRecord decoded = codec.decode(payload);

        assertThat(history.get(0).fingerprint()).isNotEqualTo(codec.fingerprint());
        assertThat(decoded.getKey()).isEqualTo("k1");
        assertThat(decoded.getEventTime()).isEqualTo(TestRecords.T0);
        assertThat(decoded.getValues()).containsExactly(0.5, null, 2.0);
        assertThat(decoded.getId()).isNull();
        assertThat(decoded.getAttributes()).isNull();
    }

    @Test
    void theStandardCatalogDoesNotKnowTheDraft() {
        Schema draft = SchemaHistory.load(getClass().getClassLoader(), "evolution/")
                .get(0)
                .schema();
        byte[] payload = Payloads.withHeader(SchemaCatalog.fingerprint(draft))
                .string("k1")
                .build();

        WireFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                WireFormatException.class, () -> AvroWire.featureRecords().decode(payload));

        assertThat(e.reason()).isEqualTo(WireError.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).contains(SchemaCatalog.hex(SchemaCatalog.fingerprint(draft)));
    }
}
