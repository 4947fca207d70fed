package io.streamingbatchnorm.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * A statistics snapshot as the parameters of a deep-learning framework's batch normalization layer, so
 * that a model can normalize its inputs exactly as the job does in eval mode. The query API and the
 * {@code stats} command both write this.
 *
 * <p>Both frameworks compute eval mode as DESIGN 4.3 does, {@code gamma * (x - mean) / sqrt(var + eps) + beta},
 * so the statistics and parameters are exported as they are. Only the momentum convention differs: here,
 * as in Keras, momentum is the weight of the old running value; PyTorch's is the weight of the new batch,
 * {@code 1 - momentum}. The field names are those of {@code torch.nn.BatchNorm1d.state_dict()} and of
 * {@code keras.layers.BatchNormalization}'s weights (in {@code set_weights} order) and config.
 */
public final class ModelExport {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** The export formats. */
    public enum Format {
        /** PyTorch {@code torch.nn.BatchNorm1d}: a state_dict plus the {@code eps} and {@code momentum} arguments. */
        PYTORCH,
        /** Keras {@code keras.layers.BatchNormalization}: its weights plus the {@code epsilon} and {@code momentum} config. */
        KERAS;

        /** The format called {@code name} (case-insensitive), or {@code null}. */
        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            return null;
        }

        /** The name as written on the command line, in the query API and in the export's {@code format} field. */
        public String flagForm() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ModelExport() {}

    /** {@code snapshot} in {@code format}, as compact JSON. */
    public static String export(StatsSnapshot snapshot, Format format) {
        return write(snapshot, format, false);
    }

    /** {@code snapshot} in {@code format}, as indented JSON for people to read. */
    public static String exportIndented(StatsSnapshot snapshot, Format format) {
        return write(snapshot, format, true);
    }

    /**
     * PyTorch's momentum for this project's {@code momentum}: {@code 1 - momentum}, computed on the decimal the
     * momentum is written as, so that 0.9 gives 0.1 and not 0.09999999999999998.
     */
    public static double pytorchMomentum(double momentum) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(momentum)).doubleValue();
    }

    private static String write(StatsSnapshot snapshot, Format format, boolean indent) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            if (indent) {
                gen.useDefaultPrettyPrinter();
            }
            gen.writeStartObject();
            gen.writeStringField("format", format.flagForm());
            gen.writeStringField("key", snapshot.getKey());
            gen.writeNumberField("stats_version", snapshot.getVersion());
            gen.writeNumberField("num_features", snapshot.getRunningMean().size());
            if (format == Format.PYTORCH) {
                pytorch(gen, snapshot);
            } else {
                keras(gen, snapshot);
            }
            gen.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; only a generator state error could get here.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void pytorch(JsonGenerator gen, StatsSnapshot s) throws IOException {
        gen.writeNumberField("eps", s.getEpsilon());
        gen.writeNumberField("momentum", pytorchMomentum(s.getMomentum()));
        gen.writeObjectFieldStart("state_dict");
        doubles(gen, "weight", s.getGamma());
        doubles(gen, "bias", s.getBeta());
        doubles(gen, "running_mean", s.getRunningMean());
        doubles(gen, "running_var", s.getRunningVar());
        // PyTorch counts the batches folded into the running statistics; so does the snapshot version.
        gen.writeNumberField("num_batches_tracked", s.getVersion());
        gen.writeEndObject();
    }

    private static void keras(JsonGenerator gen, StatsSnapshot s) throws IOException {
        gen.writeNumberField("epsilon", s.getEpsilon());
        gen.writeNumberField("momentum", s.getMomentum());
        gen.writeObjectFieldStart("weights");
        doubles(gen, "gamma", s.getGamma());
        doubles(gen, "beta", s.getBeta());
        doubles(gen, "moving_mean", s.getRunningMean());
        doubles(gen, "moving_variance", s.getRunningVar());
        gen.writeEndObject();
    }

    private static void doubles(JsonGenerator gen, String field, List<Double> values) throws IOException {
        gen.writeArrayFieldStart(field);
        for (Double v : values) {
            gen.writeNumber(v);
        }
        gen.writeEndArray();
    }
}
