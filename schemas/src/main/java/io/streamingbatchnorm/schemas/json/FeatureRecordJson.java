package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** JSON line form of {@link FeatureRecord}: the replay input format. */
final class FeatureRecordJson {
    static final String EPOCH_MILLIS = "an integer (epoch milliseconds)";

    private FeatureRecordJson() {}

    static FeatureRecord read(String line) {
        return LineReader.parse(line, reader -> {
            String key = null;
            Long eventTime = null;
            List<Double> values = null;
            String id = null;
            Map<String, String> attributes = null;
            String field;
            while ((field = reader.nextField()) != null) {
                switch (field) {
                    case "key" -> key = reader.string(field);
                    case "event_time" -> eventTime = reader.longValue(field, EPOCH_MILLIS);
                    case "values" -> values = reader.features(field);
                    case "id" -> id = reader.nullableString(field);
                    case "attributes" -> attributes = reader.nullableStringMap(field);
                    default -> reader.skipValue();
                }
            }
            // The all-arguments constructor skips the builder's per-field bookkeeping on this hot path.
            return new FeatureRecord(
                    LineReader.require("key", key),
                    Instant.ofEpochMilli(LineReader.require("event_time", eventTime)),
                    LineReader.require("values", values),
                    id,
                    attributes);
        });
    }

    static String write(FeatureRecord record) {
        return JsonFormat.write(gen -> {
            gen.writeStringField("key", record.getKey());
            gen.writeNumberField("event_time", record.getEventTime().toEpochMilli());
            JsonFormat.writeFeatures(gen, "values", record.getValues());
            if (record.getId() != null) {
                gen.writeStringField("id", record.getId());
            }
            if (record.getAttributes() != null) {
                JsonFormat.writeStringMap(gen, "attributes", record.getAttributes());
            }
        });
    }
}
