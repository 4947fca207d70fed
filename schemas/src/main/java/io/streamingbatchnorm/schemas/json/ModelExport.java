package io.streamingbatchnorm.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.config.ConfigOption;
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
 * so the statistics and parameters are exported as they are, never converted. What a layer folds into them when it
 * trains further differs; {@link ExportPolicy} decides the momentum, or refuses. Field names are those of {@code
 * torch.nn.BatchNorm1d.state_dict()} and of {@code keras.layers.BatchNormalization}'s weights (in {@code
 * set_weights} order) and config; {@code frozen}, {@code running} and {@code running_variance} say what the
 * numbers are ({@code null} where the snapshot does not say and nobody declared it).
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

    /**
     * What to export besides the format: a frozen layer or a trainable one, and how the statistics were computed
     * where the snapshot does not say.
     */
    public record Options(boolean frozen, ExportConventions declared) {
        /** A trainable layer, nothing declared: the snapshot must say how its statistics were computed. */
        public static final Options TRAINABLE = new Options(false, ExportConventions.UNKNOWN);
        /** A frozen layer: for every statistics. */
        public static final Options FROZEN = new Options(true, ExportConventions.UNKNOWN);
    }

    /**
     * {@code snapshot} in {@code format}, as compact JSON.
     *
     * @throws ExportRefusedException when the layer would mislabel the statistics (see {@link ExportPolicy})
     */
    public static String export(StatsSnapshot snapshot, Format format, Options options) {
        return write(snapshot, format, options, false);
    }

    /** {@link #export} as indented JSON for people to read. */
    public static String exportIndented(StatsSnapshot snapshot, Format format, Options options) {
        return write(snapshot, format, options, true);
    }

    /**
     * PyTorch's momentum for this project's {@code momentum}: {@code 1 - momentum}, computed on the decimal the
     * momentum is written as, so that 0.9 gives 0.1 and not 0.09999999999999998.
     */
    public static double pytorchMomentum(double momentum) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(momentum)).doubleValue();
    }

    /**
     * A layer with a NaN or infinite weight would turn every output of the model into NaN: the job never publishes
     * such statistics, but a snapshot of an older release or from another producer may hold them.
     */
    private static void requireFinite(StatsSnapshot snapshot) {
        String[] names = {"running_mean", "running_var", "gamma", "beta"};
        List<List<Double>> vectors =
                List.of(snapshot.getRunningMean(), snapshot.getRunningVar(), snapshot.getGamma(), snapshot.getBeta());
        for (int v = 0; v < names.length; v++) {
            List<Double> values = vectors.get(v);
            for (int j = 0; j < values.size(); j++) {
                Double x = values.get(j);
                if (x == null || !Double.isFinite(x)) {
                    throw new ExportRefusedException(
                            names[v],
                            "field '" + names[v] + "' of the snapshot holds " + x + " at feature " + j
                                    + ", which no layer can use; RESET the key (normalize control RESET --key "
                                    + snapshot.getKey() + ") and let it train again");
                }
            }
        }
        if (!Double.isFinite(snapshot.getEpsilon())) {
            throw new ExportRefusedException(
                    "epsilon",
                    "field 'epsilon' of the snapshot is " + snapshot.getEpsilon() + ", which no layer can use");
        }
    }

    private static String write(StatsSnapshot snapshot, Format format, Options options, boolean indent) {
        requireFinite(snapshot);
        ExportConventions conventions = ExportConventions.of(snapshot).with(options.declared());
        ExportPolicy.Momentum momentum =
                ExportPolicy.momentum(format, conventions, snapshot.getMomentum(), options.frozen());
        StringWriter out = new StringWriter(512);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            if (indent) {
                gen.useDefaultPrettyPrinter();
            }
            gen.writeStartObject();
            gen.writeStringField("format", format.flagForm());
            gen.writeStringField("key", snapshot.getKey());
            gen.writeNumberField("stats_version", snapshot.getVersion());
            gen.writeNumberField("reset_generation", snapshot.getResetGeneration());
            gen.writeNumberField("num_features", snapshot.getRunningMean().size());
            gen.writeNumberField(format == Format.PYTORCH ? "eps" : "epsilon", snapshot.getEpsilon());
            if (momentum.value() == null) {
                gen.writeNullField("momentum");
            } else {
                gen.writeNumberField("momentum", momentum.value());
            }
            gen.writeBooleanField("frozen", momentum.frozen());
            if (momentum.unsupported() != null) {
                gen.writeStringField("momentum_unsupported", momentum.unsupported());
            }
            flagForm(gen, "running", conventions.running());
            flagForm(gen, "running_variance", conventions.variance());
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

    private static void flagForm(JsonGenerator gen, String field, Enum<?> value) throws IOException {
        if (value == null) {
            gen.writeNullField(field);
        } else {
            gen.writeStringField(field, ConfigOption.flagForm(value));
        }
    }

    private static void pytorch(JsonGenerator gen, StatsSnapshot s) throws IOException {
        gen.writeObjectFieldStart("state_dict");
        doubles(gen, "weight", s.getGamma());
        doubles(gen, "bias", s.getBeta());
        doubles(gen, "running_mean", s.getRunningMean());
        doubles(gen, "running_var", s.getRunningVar());
        // PyTorch counts the batches folded into the running statistics since its last reset; so does the version.
        gen.writeNumberField("num_batches_tracked", s.getVersion());
        gen.writeEndObject();
    }

    private static void keras(JsonGenerator gen, StatsSnapshot s) throws IOException {
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
