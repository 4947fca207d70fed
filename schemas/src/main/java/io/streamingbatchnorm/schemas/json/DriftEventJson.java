package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.Mode;
import java.time.Instant;
import java.util.List;

/**
 * JSON line form of {@link DriftEvent}: every field, snake_case, in schema order; a feature that was not measured is
 * {@code null} in {@code shift} and {@code ratio}, an infinite measure {@code "Infinity"}.
 */
final class DriftEventJson {
    private DriftEventJson() {}

    static String write(DriftEvent event) {
        return JsonFormat.write(gen -> {
            gen.writeStringField("key", event.getKey());
            gen.writeStringField("mode", event.getMode().name());
            gen.writeNumberField("stats_version", event.getStatsVersion());
            gen.writeNumberField("window_size", event.getWindowSize());
            gen.writeNumberField("first_event_time", event.getFirstEventTime().toEpochMilli());
            gen.writeNumberField("last_event_time", event.getLastEventTime().toEpochMilli());
            JsonFormat.writeFeatures(gen, "shift", event.getShift());
            JsonFormat.writeFeatures(gen, "ratio", event.getRatio());
            gen.writeArrayFieldStart("crossed");
            for (int j : event.getCrossed()) {
                gen.writeNumber(j);
            }
            gen.writeEndArray();
        });
    }

    static DriftEvent read(String line) {
        return LineReader.parse(line, reader -> {
            String key = null;
            Mode mode = null;
            Long statsVersion = null;
            Integer windowSize = null;
            Long first = null;
            Long last = null;
            List<Double> shift = null;
            List<Double> ratio = null;
            List<Integer> crossed = null;
            String field;
            while ((field = reader.nextField()) != null) {
                switch (field) {
                    case "key" -> key = reader.string(field);
                    case "mode" -> mode = Enums.mode(reader.string(field), field);
                    case "stats_version" -> statsVersion = reader.longValue(field, "an integer");
                    case "window_size" -> windowSize = reader.intValue(field);
                    case "first_event_time" -> first = reader.longValue(field, FeatureRecordJson.EPOCH_MILLIS);
                    case "last_event_time" -> last = reader.longValue(field, FeatureRecordJson.EPOCH_MILLIS);
                    case "shift" -> shift = reader.features(field);
                    case "ratio" -> ratio = reader.features(field);
                    case "crossed" -> crossed = reader.ints(field);
                    default -> reader.skipValue();
                }
            }
            return new DriftEvent(
                    LineReader.require("key", key),
                    LineReader.require("mode", mode),
                    LineReader.require("stats_version", statsVersion),
                    LineReader.require("window_size", windowSize),
                    Instant.ofEpochMilli(LineReader.require("first_event_time", first)),
                    Instant.ofEpochMilli(LineReader.require("last_event_time", last)),
                    LineReader.require("shift", shift),
                    LineReader.require("ratio", ratio),
                    LineReader.require("crossed", crossed));
        });
    }
}
