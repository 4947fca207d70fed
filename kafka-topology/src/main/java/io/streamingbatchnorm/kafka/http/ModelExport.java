package io.streamingbatchnorm.kafka.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * A snapshot as the parameters of a deep-learning framework's batch normalization layer, so a model
 * can normalize its inputs with the statistics the Flink job trained.
 *
 * <p>Both frameworks normalize in eval mode as DESIGN 4.3 does,
 * {@code (x - running_mean) / sqrt(running_var + eps) * gamma + beta}, so the running statistics are
 * exported unchanged. Only the momentum convention differs: this project's momentum is the weight of
 * the old running value, as in Keras; PyTorch's is the weight of the new batch, {@code 1 - momentum}.
 */
public final class ModelExport {

    /** The export formats. */
    public enum Format {
        /** PyTorch {@code torch.nn.BatchNorm1d}: a state_dict plus the module's constructor arguments. */
        PYTORCH,
        /** Keras {@code keras.layers.BatchNormalization}: its weights, in {@code set_weights} order, and config. */
        KERAS;

        /** The format called {@code name} (case-insensitive), or {@code null}. */
        static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            return null;
        }

        String flagForm() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ModelExport() {}

    /** The export of {@code snapshot} in {@code format}, as JSON. */
    public static String export(StatsSnapshot snapshot, Format format) {
        return format == Format.PYTORCH ? pytorch(snapshot) : keras(snapshot);
    }

    /**
     * PyTorch's momentum for this project's {@code momentum}: {@code 1 - momentum}, computed on the
     * decimal the momentum was written as, so that 0.9 gives 0.1 and not 0.09999999999999998.
     */
    public static double pytorchMomentum(double momentum) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(momentum)).doubleValue();
    }

    static String pytorch(StatsSnapshot s) {
        return Json.write(gen -> {
            gen.writeStartObject();
            header(gen, s, Format.PYTORCH);
            gen.writeNumberField("eps", s.getEpsilon());
            gen.writeNumberField("momentum", pytorchMomentum(s.getMomentum()));
            gen.writeObjectFieldStart("state_dict");
            Json.doubles(gen, "weight", s.getGamma());
            Json.doubles(gen, "bias", s.getBeta());
            Json.doubles(gen, "running_mean", s.getRunningMean());
            Json.doubles(gen, "running_var", s.getRunningVar());
            // PyTorch counts the batches folded into the running statistics; so does the version.
            gen.writeNumberField("num_batches_tracked", s.getVersion());
            gen.writeEndObject();
            gen.writeEndObject();
        });
    }

    static String keras(StatsSnapshot s) {
        return Json.write(gen -> {
            gen.writeStartObject();
            header(gen, s, Format.KERAS);
            gen.writeNumberField("epsilon", s.getEpsilon());
            gen.writeNumberField("momentum", s.getMomentum());
            gen.writeObjectFieldStart("weights");
            Json.doubles(gen, "gamma", s.getGamma());
            Json.doubles(gen, "beta", s.getBeta());
            Json.doubles(gen, "moving_mean", s.getRunningMean());
            Json.doubles(gen, "moving_variance", s.getRunningVar());
            gen.writeEndObject();
            gen.writeEndObject();
        });
    }

    private static void header(JsonGenerator gen, StatsSnapshot s, Format format) throws IOException {
        gen.writeStringField("format", format.flagForm());
        gen.writeStringField("key", s.getKey());
        gen.writeNumberField("stats_version", s.getVersion());
        gen.writeNumberField("num_features", s.getRunningMean().size());
    }
}
