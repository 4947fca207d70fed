package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import java.time.Instant;

/**
 * JSON line form of {@link ControlCommand}. Only the shape is checked here (a SET_AFFINE without gamma is
 * well-formed); whether a command makes sense for a key is decided where the key's state is known.
 */
final class ControlCommandJson {
    private ControlCommandJson() {}

    static ControlCommand read(String line) {
        return LineReader.parse(line, reader -> {
            ControlCommand.Builder builder = ControlCommand.newBuilder();
            String id = null;
            String key = null;
            CommandType command = null;
            String field;
            while ((field = reader.nextField()) != null) {
                switch (field) {
                    case "id" -> id = reader.string(field);
                    case "key" -> key = reader.string(field);
                    case "command" -> command = Enums.command(reader.string(field), field);
                    case "effective_time" -> {
                        Long millis = reader.nullableLong(field, FeatureRecordJson.EPOCH_MILLIS);
                        builder.setEffectiveTime(millis == null ? null : Instant.ofEpochMilli(millis));
                    }
                    case "gamma" -> builder.setGamma(reader.nullableDoubles(field));
                    case "beta" -> builder.setBeta(reader.nullableDoubles(field));
                    case "momentum" -> builder.setMomentum(reader.nullableDouble(field));
                    case "epsilon" -> builder.setEpsilon(reader.nullableDouble(field));
                    case "issuer" -> builder.setIssuer(reader.nullableString(field));
                    case "prior_mean" -> builder.setPriorMean(reader.nullableDoubles(field));
                    case "prior_variance" -> builder.setPriorVariance(reader.nullableDoubles(field));
                    case "prior_weight" -> builder.setPriorWeight(reader.nullableDouble(field));
                    default -> reader.skipValue();
                }
            }
            return builder.setId(LineReader.require("id", id))
                    .setKey(LineReader.require("key", key))
                    .setCommand(LineReader.require("command", command))
                    .build();
        });
    }

    static String write(ControlCommand command) {
        return JsonFormat.write(gen -> {
            gen.writeStringField("id", command.getId());
            gen.writeStringField("key", command.getKey());
            gen.writeStringField("command", command.getCommand().name());
            if (command.getEffectiveTime() != null) {
                gen.writeNumberField(
                        "effective_time", command.getEffectiveTime().toEpochMilli());
            }
            if (command.getGamma() != null) {
                JsonFormat.writeDoubles(gen, "gamma", command.getGamma());
            }
            if (command.getBeta() != null) {
                JsonFormat.writeDoubles(gen, "beta", command.getBeta());
            }
            if (command.getMomentum() != null) {
                gen.writeFieldName("momentum");
                JsonFormat.writeDouble(gen, command.getMomentum());
            }
            if (command.getEpsilon() != null) {
                gen.writeFieldName("epsilon");
                JsonFormat.writeDouble(gen, command.getEpsilon());
            }
            if (command.getIssuer() != null) {
                gen.writeStringField("issuer", command.getIssuer());
            }
            if (command.getPriorMean() != null) {
                JsonFormat.writeDoubles(gen, "prior_mean", command.getPriorMean());
            }
            if (command.getPriorVariance() != null) {
                JsonFormat.writeDoubles(gen, "prior_variance", command.getPriorVariance());
            }
            if (command.getPriorWeight() != null) {
                gen.writeFieldName("prior_weight");
                JsonFormat.writeDouble(gen, command.getPriorWeight());
            }
        });
    }
}
