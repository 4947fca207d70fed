package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.Expected.assertOutputs;
import static io.streamingbatchnorm.flink.window.Expected.assertSnapshots;
import static io.streamingbatchnorm.flink.window.Expected.immediate;
import static io.streamingbatchnorm.flink.window.Expected.snapshot;
import static io.streamingbatchnorm.flink.window.Expected.train;
import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.affine;
import static io.streamingbatchnorm.flink.window.TestEvents.command;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.flink.window.Expected;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RESET and SET_AFFINE change what records from their effective time on get (DESIGN 4.4, 4.6). */
class ResetAndAffineTest {
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(2).build();
    private static final long T = T0 + 5_000;

    private final FeatureEvent r1 = feature("a", T0 + 1_000, "r1", 1, 10);
    private final FeatureEvent r2 = feature("a", T0 + 2_000, "r2", 5, 30);
    private final FeatureEvent r3 = feature("a", T, "r3", 2, 7);
    private final FeatureEvent r4 = feature("a", T0 + 6_000, "r4", 8, -1);

    @Test
    void resetStartsTheKeyAgainFromInitialStatisticsAtVersionZero() throws Exception {
        try (StampedWindows job = StampedWindows.open(CONFIG, List.of(command("c1", "a", CommandType.RESET, T, 1)))) {
            job.records(r1, r2);
            ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
            assertOutputs(job.windows().takeNormalized(), train(a, r1, r2));
            assertSnapshots(job.windows().takeStats(), List.of(snapshot("a", a, Mode.TRAIN)));

            job.record(r3);
            // From T on the key is new again: version 0, mean 0, variance 1, in RESET generation 1, and that is
            // what is published.
            a.reset();
            List<StatsEvent> afterReset = job.windows().takeStats();
            assertSnapshots(afterReset, List.of(snapshot("a", a, Mode.TRAIN)));
            assertThat(afterReset.get(0).resetGeneration).isEqualTo(1);
            assertThat(afterReset.get(0).version).isZero();

            job.record(r4);
            List<Expected.Output> after = train(a, r3, r4);
            assertThat(a.version()).isEqualTo(1);
            assertThat(a.count()).isEqualTo(2);
            assertOutputs(job.windows().takeNormalized(), after);
            List<StatsEvent> folded = job.windows().takeStats();
            assertSnapshots(folded, List.of(snapshot("a", a, Mode.TRAIN)));
            assertThat(folded.get(0).resetGeneration).isEqualTo(1);
        }
    }

    @Test
    void evalRightAfterResetNormalizesWithMeanZeroAndVarianceOne() throws Exception {
        List<StoredCommand> commands =
                List.of(command("c1", "*", CommandType.RESET, T, 1), command("c2", "*", CommandType.EVAL, T, 2));
        try (StampedWindows job = StampedWindows.open(CONFIG, commands)) {
            job.records(r1, r2);
            job.windows().takeOutputs();
            job.record(r3);

            ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
            train(a, r1, r2);
            a.reset();
            List<NormalizedEvent> out = job.windows().takeNormalized();
            assertOutputs(out, List.of(immediate(a, Mode.EVAL, r3, false)));
            assertThat(out.get(0).statsVersion).isZero();
            double scale = 1 / Math.sqrt(1 + CONFIG.epsilon());
            assertThat(out.get(0).values).containsExactly(new double[] {2 * scale, 7 * scale}, within(1e-15));
        }
    }

    @Test
    void setAffineAppliesGammaAndBetaToOutputsAndSnapshotsFromItsEffectiveTime() throws Exception {
        double[] gamma = {2.0, 0.5};
        double[] beta = {1.0, -1.0};
        try (StampedWindows job = StampedWindows.open(CONFIG, List.of())) {
            job.records(r1, r2);
            ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
            train(a, r1, r2);
            job.windows().takeOutputs();
            job.windows().takeSnapshots();

            job.command(affine("c1", "a", T, gamma, beta, 1));
            job.records(r3, r4);

            a.setAffine(gamma, beta);
            Expected.Snapshot switched = snapshot("a", a, Mode.TRAIN);
            List<Expected.Output> after = train(a, r3, r4);
            List<NormalizedEvent> out = job.windows().takeNormalized();
            assertOutputs(out, after);
            // A batch of two normalizes to -gamma and +gamma around beta (up to epsilon).
            assertThat(out.get(0).values).containsExactly(new double[] {-1.0, -0.5}, within(1e-4));
            assertThat(out.get(1).values).containsExactly(new double[] {3.0, -1.5}, within(1e-4));
            // The switch is published with the unchanged statistics, then the batch with the new ones.
            assertSnapshots(job.windows().takeStats(), List.of(switched, snapshot("a", a, Mode.TRAIN)));
        }
    }
}
