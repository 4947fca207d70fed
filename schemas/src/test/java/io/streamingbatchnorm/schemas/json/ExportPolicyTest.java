package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.Running;
import io.streamingbatchnorm.core.RunningVariance;
import io.streamingbatchnorm.schemas.TestRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Which exports are trainable, which must be frozen, and that a frozen one changes no number. */
class ExportPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelExport.Format TORCH = ModelExport.Format.PYTORCH;
    private static final ModelExport.Format KERAS = ModelExport.Format.KERAS;

    private static ExportConventions conventions(Running running, RunningVariance variance, Double prior) {
        return new ExportConventions(running, variance, prior);
    }

    @Test
    void trainableExportsOfStatisticsTheFrameworkComputesAlike() {
        ExportConventions emaUnbiased = conventions(Running.EMA, RunningVariance.UNBIASED, null);
        ExportConventions emaBiased = conventions(Running.EMA, RunningVariance.BIASED, null);
        ExportConventions averageUnbiased = conventions(Running.AVERAGE, RunningVariance.UNBIASED, 0.0);

        assertThat(ExportPolicy.momentum(TORCH, emaUnbiased, 0.9, false))
                .isEqualTo(new ExportPolicy.Momentum(0.1, false));
        assertThat(ExportPolicy.momentum(TORCH, averageUnbiased, 0.9, false))
                .isEqualTo(new ExportPolicy.Momentum(null, false));
        assertThat(ExportPolicy.momentum(KERAS, emaBiased, 0.99, false))
                .isEqualTo(new ExportPolicy.Momentum(0.99, false));
    }

    @Test
    void theOtherVarianceIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ExportPolicy.momentum(
                        TORCH, conventions(Running.EMA, RunningVariance.BIASED, null), 0.9, false))
                .isInstanceOfSatisfying(
                        ExportRefusedException.class,
                        e -> assertThat(e.setting()).isEqualTo("running-variance"))
                .hasMessageContaining("hold the biased running variance, but PyTorch folds the unbiased")
                .hasMessageContaining("--running-variance unbiased")
                .hasMessageContaining("--frozen");
        assertThatThrownBy(() -> ExportPolicy.momentum(
                        KERAS, conventions(Running.EMA, RunningVariance.UNBIASED, null), 0.9, false))
                .hasMessageContaining("but Keras folds the biased batch variance into moving_variance");
    }

    @Test
    void runningModesWithoutAnEquivalentAndUnknownStatisticsAreRefused() {
        for (Running running : List.of(Running.CUMULATIVE, Running.DECAY)) {
            assertThatThrownBy(() -> ExportPolicy.momentum(
                            TORCH, conventions(running, RunningVariance.UNBIASED, null), 0.9, false))
                    .isInstanceOfSatisfying(
                            ExportRefusedException.class,
                            e -> assertThat(e.setting()).isEqualTo("running"))
                    .hasMessageContaining("no PyTorch momentum");
        }
        assertThatThrownBy(() -> ExportPolicy.momentum(
                        TORCH, conventions(Running.AVERAGE, RunningVariance.UNBIASED, 12.0), 0.9, false))
                .hasMessageContaining("average with a prior");
        assertThatThrownBy(() -> ExportPolicy.momentum(
                        KERAS, conventions(Running.AVERAGE, RunningVariance.BIASED, 4.0), 0.9, false))
                .hasMessageContaining("no Keras momentum");
        assertThatThrownBy(() -> ExportPolicy.momentum(TORCH, ExportConventions.UNKNOWN, 0.9, false))
                .hasMessageContaining("does not say how its statistics were computed");
    }

    @Test
    void kerasSaysInAFieldThatItHasNoMomentumForAPlainAverage() throws Exception {
        ExportPolicy.Momentum m =
                ExportPolicy.momentum(KERAS, conventions(Running.AVERAGE, RunningVariance.BIASED, null), 0.9, false);
        assertThat(m.value()).isNull();
        assertThat(m.frozen()).isFalse();
        assertThat(m.unsupported()).contains("Keras has no momentum", "momentum=None", "--frozen");
        assertThat(ExportPolicy.momentum(
                                TORCH, conventions(Running.AVERAGE, RunningVariance.UNBIASED, null), 0.9, false)
                        .unsupported())
                .isNull();
    }

    @Test
    void aFrozenLayerIsWrittenForEveryStatisticsWithItsNumbersUnchanged() throws Exception {
        StatsSnapshot s = TestRecords.snapshot();
        assertThat(ExportPolicy.momentum(TORCH, ExportConventions.UNKNOWN, 0.9, true))
                .isEqualTo(new ExportPolicy.Momentum(0.0, true));
        assertThat(ExportPolicy.momentum(KERAS, conventions(Running.DECAY, null, null), 0.9, true))
                .isEqualTo(new ExportPolicy.Momentum(1.0, true));

        JsonNode torch = JSON.readTree(ModelExport.export(s, TORCH, ModelExport.Options.FROZEN));
        assertThat(torch.get("frozen").asBoolean()).isTrue();
        assertThat(torch.get("momentum").asDouble()).isZero();
        assertThat(torch.get("running").isNull()).isTrue();
        assertThat(torch.get("running_variance").isNull()).isTrue();
        assertThat(torch.get("state_dict").get("running_var").get(1).asDouble()).isEqualTo(0.9);
    }

    @Test
    void declarationsCompleteTheSnapshotAndMayNotContradictIt() throws Exception {
        StatsSnapshot s = TestRecords.snapshot();
        ModelExport.Options declared = new ModelExport.Options(false, ExportConventions.declared("ema", "unbiased"));

        JsonNode torch = JSON.readTree(ModelExport.export(s, TORCH, declared));

        assertThat(torch.get("momentum").asDouble()).isEqualTo(0.1);
        assertThat(torch.get("frozen").asBoolean()).isFalse();
        assertThat(torch.get("running").asText()).isEqualTo("ema");
        assertThat(torch.get("running_variance").asText()).isEqualTo("unbiased");

        ExportConventions fromSnapshot = conventions(Running.EMA, RunningVariance.BIASED, null);
        assertThatThrownBy(() -> fromSnapshot.with(ExportConventions.declared("ema", "unbiased")))
                .isInstanceOfSatisfying(
                        ExportRefusedException.class,
                        e -> assertThat(e.setting()).isEqualTo("running-variance"))
                .hasMessage("the snapshot says its statistics were computed with --running-variance biased, not"
                        + " unbiased");
    }

    /**
     * A snapshot that says how its statistics are kept: {@code running} and {@code prior_weight} of the current
     * schema, and {@code running_variance} of a later one, all read by name.
     */
    @Test
    void aSnapshotThatSaysHowItsStatisticsWereComputedIsUnderstood() {
        Schema current = StatsSnapshot.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema nullableString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        Schema nullableDouble = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.DOUBLE));
        for (String name : List.of("running", "running_variance", "prior_weight")) {
            if (current.getField(name) == null) {
                Schema type = name.equals("prior_weight") ? nullableDouble : nullableString;
                fields.add(new Schema.Field(name, type, null, Schema.Field.NULL_DEFAULT_VALUE));
            }
        }
        Schema later = Schema.createRecord("StatsSnapshot", null, "io.streamingbatchnorm.avro", false, fields);
        GenericRecord record = new GenericData.Record(later);
        record.put("running", "average");
        record.put("running_variance", "unbiased");
        record.put("prior_weight", 3.0);

        assertThat(ExportConventions.of(record)).isEqualTo(conventions(Running.AVERAGE, RunningVariance.UNBIASED, 3.0));
        assertThat(ExportConventions.of(TestRecords.snapshot())).isEqualTo(ExportConventions.UNKNOWN);
        StatsSnapshot saysEma = StatsSnapshot.newBuilder(TestRecords.snapshot())
                .setRunning("ema")
                .build();
        assertThat(ExportConventions.of(saysEma)).isEqualTo(conventions(Running.EMA, null, null));
    }
}
