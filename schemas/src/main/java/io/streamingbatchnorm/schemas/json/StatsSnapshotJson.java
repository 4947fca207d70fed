package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.time.Instant;
import java.util.List;

/** JSON form of {@link StatsSnapshot}: every field, snake_case, as in the Avro schema. */
final class StatsSnapshotJson {
    private StatsSnapshotJson() {}

    static String write(StatsSnapshot snapshot) {
        return JsonFormat.write(gen -> {
            gen.writeStringField("key", snapshot.getKey());
            gen.writeNumberField("version", snapshot.getVersion());
            gen.writeStringField("mode", snapshot.getMode().name());
            gen.writeNumberField("count", snapshot.getCount());
            JsonFormat.writeDoubles(gen, "running_mean", snapshot.getRunningMean());
            JsonFormat.writeDoubles(gen, "running_var", snapshot.getRunningVar());
            JsonFormat.writeDoubles(gen, "gamma", snapshot.getGamma());
            JsonFormat.writeDoubles(gen, "beta", snapshot.getBeta());
            gen.writeFieldName("momentum");
            JsonFormat.writeDouble(gen, snapshot.getMomentum());
            gen.writeFieldName("epsilon");
            JsonFormat.writeDouble(gen, snapshot.getEpsilon());
            if (snapshot.getEventTime() == null) {
                gen.writeNullField("event_time");
            } else {
                gen.writeNumberField("event_time", snapshot.getEventTime().toEpochMilli());
            }
            gen.writeNumberField("reset_generation", snapshot.getResetGeneration());
            // Fields added after the first release are written only when set, so older lines keep their bytes.
            if (snapshot.getRunning() != null) {
                gen.writeStringField("running", snapshot.getRunning());
            }
            if (snapshot.getHalfLifeMs() != null) {
                gen.writeNumberField("half_life_ms", snapshot.getHalfLifeMs());
            }
            if (snapshot.getPriorWeight() != null) {
                gen.writeFieldName("prior_weight");
                JsonFormat.writeDouble(gen, snapshot.getPriorWeight());
            }
            if (snapshot.getRenormR() != null) {
                JsonFormat.writeDoubles(gen, "renorm_r", snapshot.getRenormR());
            }
            if (snapshot.getRenormD() != null) {
                JsonFormat.writeDoubles(gen, "renorm_d", snapshot.getRenormD());
            }
            if (snapshot.getRenormClipped() != null) {
                gen.writeArrayFieldStart("renorm_clipped");
                for (Boolean clipped : snapshot.getRenormClipped()) {
                    gen.writeBoolean(clipped);
                }
                gen.writeEndArray();
            }
        });
    }

    static StatsSnapshot read(String line) {
        return LineReader.parse(line, reader -> {
            StatsSnapshot.Builder builder = StatsSnapshot.newBuilder();
            String key = null;
            Long version = null;
            Mode mode = null;
            Long count = null;
            List<Double> runningMean = null;
            List<Double> runningVar = null;
            List<Double> gamma = null;
            List<Double> beta = null;
            Double momentum = null;
            Double epsilon = null;
            String field;
            while ((field = reader.nextField()) != null) {
                switch (field) {
                    case "key" -> key = reader.string(field);
                    case "version" -> version = reader.longValue(field, "an integer");
                    case "mode" -> mode = Enums.mode(reader.string(field), field);
                    case "count" -> count = reader.longValue(field, "an integer");
                    case "running_mean" -> runningMean = reader.doubles(field);
                    case "running_var" -> runningVar = reader.doubles(field);
                    case "gamma" -> gamma = reader.doubles(field);
                    case "beta" -> beta = reader.doubles(field);
                    case "momentum" -> momentum = reader.doubleValue(field);
                    case "epsilon" -> epsilon = reader.doubleValue(field);
                    case "event_time" -> {
                        Long millis = reader.nullableLong(field, FeatureRecordJson.EPOCH_MILLIS);
                        builder.setEventTime(millis == null ? null : Instant.ofEpochMilli(millis));
                    }
                    case "reset_generation" ->
                        builder.setResetGeneration(Math.toIntExact(reader.longValue(field, "an integer")));
                    case "running" -> builder.setRunning(reader.nullableString(field));
                    case "half_life_ms" -> builder.setHalfLifeMs(reader.nullableLong(field, "an integer"));
                    case "prior_weight" -> builder.setPriorWeight(reader.nullableDouble(field));
                    case "renorm_r" -> builder.setRenormR(reader.nullableDoubles(field));
                    case "renorm_d" -> builder.setRenormD(reader.nullableDoubles(field));
                    case "renorm_clipped" -> builder.setRenormClipped(reader.nullableBooleans(field));
                    default -> reader.skipValue();
                }
            }
            return builder.setKey(LineReader.require("key", key))
                    .setVersion(LineReader.require("version", version))
                    .setMode(LineReader.require("mode", mode))
                    .setCount(LineReader.require("count", count))
                    .setRunningMean(LineReader.require("running_mean", runningMean))
                    .setRunningVar(LineReader.require("running_var", runningVar))
                    .setGamma(LineReader.require("gamma", gamma))
                    .setBeta(LineReader.require("beta", beta))
                    .setMomentum(LineReader.require("momentum", momentum))
                    .setEpsilon(LineReader.require("epsilon", epsilon))
                    .build();
        });
    }
}
