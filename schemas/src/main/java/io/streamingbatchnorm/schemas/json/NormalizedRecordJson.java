package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** JSON line form of {@link NormalizedRecord}: the replay output format. */
final class NormalizedRecordJson {
    private NormalizedRecordJson() {}

    static String write(NormalizedRecord record) {
        return JsonFormat.write(gen -> {
            gen.writeStringField("key", record.getKey());
            gen.writeNumberField("event_time", record.getEventTime().toEpochMilli());
            if (record.getId() != null) {
                gen.writeStringField("id", record.getId());
            }
            if (record.getAttributes() != null) {
                JsonFormat.writeStringMap(gen, "attributes", record.getAttributes());
            }
            JsonFormat.writeFeatures(gen, "values", record.getValues());
            gen.writeStringField("mode", record.getMode().name());
            gen.writeNumberField("stats_version", record.getStatsVersion());
            gen.writeNumberField("batch_size", record.getBatchSize());
            gen.writeBooleanField("late", record.getLate());
        });
    }

    static NormalizedRecord read(String line) {
        return LineReader.parse(line, reader -> {
            String key = null;
            Long eventTime = null;
            String id = null;
            Map<String, String> attributes = null;
            List<Double> values = null;
            Mode mode = null;
            Long statsVersion = null;
            Integer batchSize = null;
            Boolean late = null;
            String field;
            while ((field = reader.nextField()) != null) {
                switch (field) {
                    case "key" -> key = reader.string(field);
                    case "event_time" -> eventTime = reader.longValue(field, FeatureRecordJson.EPOCH_MILLIS);
                    case "id" -> id = reader.nullableString(field);
                    case "attributes" -> attributes = reader.nullableStringMap(field);
                    case "values" -> values = reader.features(field);
                    case "mode" -> mode = Enums.mode(reader.string(field), field);
                    case "stats_version" -> statsVersion = reader.longValue(field, "an integer");
                    case "batch_size" -> batchSize = reader.intValue(field);
                    case "late" -> late = reader.booleanValue(field);
                    default -> reader.skipValue();
                }
            }
            return new NormalizedRecord(
                    LineReader.require("key", key),
                    Instant.ofEpochMilli(LineReader.require("event_time", eventTime)),
                    id,
                    attributes,
                    LineReader.require("values", values),
                    LineReader.require("mode", mode),
                    LineReader.require("stats_version", statsVersion),
                    LineReader.require("batch_size", batchSize),
                    LineReader.require("late", late));
        });
    }
}
