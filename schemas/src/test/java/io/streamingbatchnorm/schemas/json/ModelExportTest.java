package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the export that its two users (query API, {@code stats} command) do not test themselves. */
class ModelExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pytorchMomentumIsOneMinusMomentumInDecimal() {
        assertThat(ModelExport.pytorchMomentum(0.9)).isEqualTo(0.1);
        assertThat(ModelExport.pytorchMomentum(0.99)).isEqualTo(0.01);
        assertThat(ModelExport.pytorchMomentum(0.95)).isEqualTo(0.05);
        assertThat(ModelExport.pytorchMomentum(0.75)).isEqualTo(0.25);
        assertThat(ModelExport.pytorchMomentum(0.0)).isEqualTo(1.0);
    }

    @Test
    void indentedAndCompactExportsHoldTheSameJson() throws Exception {
        StatsSnapshot s = snapshot(0.99);
        for (ModelExport.Format f : ModelExport.Format.values()) {
            String compact = ModelExport.export(s, f, ModelExport.Options.FROZEN);
            String indented = ModelExport.exportIndented(s, f, ModelExport.Options.FROZEN);
            assertThat(compact).doesNotContain("\n");
            assertThat(indented).contains("\n");
            assertThat(JSON.readTree(indented)).isEqualTo(JSON.readTree(compact));
            assertThat(ModelExport.Format.parse(f.flagForm().toUpperCase())).isEqualTo(f);
        }
        assertThat(ModelExport.Format.parse("onnx")).isNull();
    }

    @Test
    void aSnapshotWithANonFiniteWeightIsNotExported() {
        StatsSnapshot finite = snapshot(0.9);
        List<StatsSnapshot> broken = List.of(
                StatsSnapshot.newBuilder(finite)
                        .setRunningMean(List.of(0.1, Double.NaN))
                        .build(),
                StatsSnapshot.newBuilder(finite)
                        .setRunningVar(List.of(Double.POSITIVE_INFINITY, 4.0))
                        .build(),
                StatsSnapshot.newBuilder(finite)
                        .setGamma(List.of(1.0, Double.NEGATIVE_INFINITY))
                        .build(),
                StatsSnapshot.newBuilder(finite)
                        .setBeta(List.of(Double.NaN, 0.0))
                        .build(),
                StatsSnapshot.newBuilder(finite).setEpsilon(Double.NaN).build());
        List<String> fields = List.of("running_mean", "running_var", "gamma", "beta", "epsilon");
        for (int i = 0; i < broken.size(); i++) {
            for (ModelExport.Format f : ModelExport.Format.values()) {
                StatsSnapshot s = broken.get(i);
                String field = fields.get(i);
                assertThatThrownBy(() -> ModelExport.export(s, f, ModelExport.Options.FROZEN))
                        .isInstanceOfSatisfying(
                                ExportRefusedException.class,
                                e -> assertThat(e.setting()).isEqualTo(field))
                        .hasMessageContaining("field '" + field + "'")
                        .hasMessageContaining("which no layer can use");
            }
        }
        assertThat(ModelExport.export(finite, ModelExport.Format.KERAS, ModelExport.Options.FROZEN))
                .contains("\"moving_variance\":[1.0,4.0]");
    }

    private static StatsSnapshot snapshot(double momentum) {
        return StatsSnapshot.newBuilder()
                .setKey("k")
                .setVersion(3)
                .setMode(Mode.TRAIN)
                .setCount(96)
                .setEventTime(null)
                .setRunningMean(List.of(0.1, -2.5))
                .setRunningVar(List.of(1.0, 4.0))
                .setGamma(List.of(1.0, 1.0))
                .setBeta(List.of(0.0, 0.0))
                .setMomentum(momentum)
                .setEpsilon(1e-5)
                .build();
    }
}
