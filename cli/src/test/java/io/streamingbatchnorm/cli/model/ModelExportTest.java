package io.streamingbatchnorm.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.MissingPolicy;
import io.streamingbatchnorm.core.Normalization;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.ExportConventions;
import io.streamingbatchnorm.schemas.json.ModelExport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PyTorch and Keras exports of a snapshot, checked against values computed by hand. */
class ModelExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two features; epsilon 0 so that eval-mode outputs are exact by hand. */
    private static StatsSnapshot snapshot(double momentum, double epsilon) {
        return StatsSnapshot.newBuilder()
                .setKey("sensor-7")
                .setVersion(12)
                .setMode(Mode.EVAL)
                .setCount(384)
                .setRunningMean(List.of(0.5, -2.25))
                .setRunningVar(List.of(4.0, 0.0625))
                .setGamma(List.of(1.5, 1.0))
                .setBeta(List.of(0.0, -0.5))
                .setMomentum(momentum)
                .setEpsilon(epsilon)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    /** A trainable layer of EMA statistics of the variance the framework folds itself. */
    private static JsonNode export(StatsSnapshot s, ModelExport.Format format) throws Exception {
        String variance = format == ModelExport.Format.PYTORCH ? "unbiased" : "biased";
        return JSON.readTree(ModelExport.export(
                s, format, new ModelExport.Options(false, ExportConventions.declared("ema", variance))));
    }

    @Test
    void pytorchNamesTheStateDictAndConvertsTheMomentum() throws Exception {
        JsonNode e = export(snapshot(0.9, 1e-5), ModelExport.Format.PYTORCH);

        assertThat(e.get("format").asText()).isEqualTo("pytorch");
        assertThat(e.get("key").asText()).isEqualTo("sensor-7");
        assertThat(e.get("num_features").asInt()).isEqualTo(2);
        assertThat(e.get("stats_version").asLong()).isEqualTo(12);
        // PyTorch's momentum weighs the new batch: 1 - 0.9, written as 0.1 and not 0.09999999999999998.
        assertThat(e.get("momentum").asDouble()).isEqualTo(0.1);
        assertThat(e.get("eps").asDouble()).isEqualTo(1e-5);
        JsonNode state = e.get("state_dict");
        assertThat(fieldNames(state))
                .containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        assertThat(doubles(state.get("weight"))).containsExactly(1.5, 1.0);
        assertThat(doubles(state.get("bias"))).containsExactly(0.0, -0.5);
        assertThat(doubles(state.get("running_mean"))).containsExactly(0.5, -2.25);
        assertThat(doubles(state.get("running_var"))).containsExactly(4.0, 0.0625);
        assertThat(state.get("num_batches_tracked").asLong()).isEqualTo(12);
    }

    @Test
    void kerasKeepsTheMomentumAndNamesTheWeights() throws Exception {
        JsonNode e = export(snapshot(0.99, 1e-3), ModelExport.Format.KERAS);

        assertThat(e.get("format").asText()).isEqualTo("keras");
        assertThat(e.get("momentum").asDouble()).isEqualTo(0.99);
        assertThat(e.get("epsilon").asDouble()).isEqualTo(1e-3);
        JsonNode weights = e.get("weights");
        assertThat(fieldNames(weights)).containsExactly("gamma", "beta", "moving_mean", "moving_variance");
        assertThat(doubles(weights.get("gamma"))).containsExactly(1.5, 1.0);
        assertThat(doubles(weights.get("beta"))).containsExactly(0.0, -0.5);
        assertThat(doubles(weights.get("moving_mean"))).containsExactly(0.5, -2.25);
        assertThat(doubles(weights.get("moving_variance"))).containsExactly(4.0, 0.0625);
    }

    @Test
    void aLayerLoadedFromTheExportNormalizesAsTheJobDoesInEvalMode() throws Exception {
        StatsSnapshot s = snapshot(0.9, 0.0);
        JsonNode state = export(s, ModelExport.Format.PYTORCH).get("state_dict");
        double[] x = {2.5, -2.0};

        // torch.nn.BatchNorm1d in eval mode: (x - running_mean) / sqrt(running_var + eps) * weight + bias.
        double[] torch = new double[2];
        for (int j = 0; j < 2; j++) {
            torch[j] = (x[j] - state.get("running_mean").get(j).asDouble())
                            / Math.sqrt(state.get("running_var").get(j).asDouble())
                            * state.get("weight").get(j).asDouble()
                    + state.get("bias").get(j).asDouble();
        }

        // By hand: 1.5 * (2.5 - 0.5) / 2 + 0 = 1.5 and 1.0 * (-2.0 + 2.25) / 0.25 - 0.5 = 0.5.
        assertThat(torch).containsExactly(1.5, 0.5);
        assertThat(Normalization.eval(
                        x, CoreMapping.runningStatistics(s), CoreMapping.controlState(s), MissingPolicy.NAN))
                .containsExactly(1.5, 0.5);
    }

    @Test
    void bothExportsReadBackAsAModelFile() {
        StatsSnapshot s = snapshot(0.9, 1e-5);
        for (ModelExport.Format f : ModelExport.Format.values()) {
            ModelFile.Affine affine = ModelFile.parse(ModelExport.export(s, f, ModelExport.Options.FROZEN), f.name());

            assertThat(affine.gamma()).containsExactly(1.5, 1.0);
            assertThat(affine.beta()).containsExactly(0.0, -0.5);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new java.util.ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return out;
    }
}
