package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.affine;
import static io.streamingbatchnorm.flink.window.TestEvents.command;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static io.streamingbatchnorm.flink.window.TestEvents.immediateOutput;
import static io.streamingbatchnorm.flink.window.TestEvents.snapshot;
import static io.streamingbatchnorm.flink.window.TestEvents.train;
import static io.streamingbatchnorm.flink.window.TestEvents.trainOutputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.flink.window.TestEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RESET and SET_AFFINE change what records from their effective time on get (DESIGN 4.4, 4.6). */
class ResetAndAffineTest {
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(2).build();
    private static final ControlState TRAIN = CONFIG.initialControl();
    private static final KeyStatistics NEW_KEY = KeyStatistics.initial(2, 0);
    private static final long T = T0 + 5_000;

    private final FeatureEvent r1 = feature("a", T0 + 1_000, "r1", 1, 10);
    private final FeatureEvent r2 = feature("a", T0 + 2_000, "r2", 5, 30);
    private final FeatureEvent r3 = feature("a", T, "r3", 2, 7);
    private final FeatureEvent r4 = feature("a", T0 + 6_000, "r4", 8, -1);

    @Test
    void resetStartsTheKeyAgainFromInitialStatisticsAtVersionZero() throws Exception {
        ControlState afterReset = new ControlState(Mode.TRAIN, null, null, CONFIG.momentum(), CONFIG.epsilon(), 1);
        try (StampedWindows job = StampedWindows.open(CONFIG, List.of(command("c1", "a", CommandType.RESET, T, 1)))) {
            job.records(r1, r2);
            KeyStatistics.TrainResult before = train(NEW_KEY, TRAIN, CONFIG, r1, r2);
            assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(trainOutputs(before, r1, r2));
            assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", before.next(), TRAIN));

            job.record(r3);
            // From T on the key is new again: version 0, mean 0, variance 1, and that is what is published.
            KeyStatistics fresh = KeyStatistics.initial(2, 1);
            assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", fresh, afterReset));

            job.record(r4);
            KeyStatistics.TrainResult after = train(fresh, afterReset, CONFIG, r3, r4);
            assertThat(after.next().version()).isEqualTo(1);
            assertThat(after.next().count()).isEqualTo(2);
            assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(trainOutputs(after, r3, r4));
            assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", after.next(), afterReset));
        }
    }

    @Test
    void evalRightAfterResetNormalizesWithMeanZeroAndVarianceOne() throws Exception {
        List<StoredCommand> commands =
                List.of(command("c1", "*", CommandType.RESET, T, 1), command("c2", "*", CommandType.EVAL, T, 2));
        ControlState evalAfterReset = new ControlState(Mode.EVAL, null, null, CONFIG.momentum(), CONFIG.epsilon(), 1);
        try (StampedWindows job = StampedWindows.open(CONFIG, commands)) {
            job.records(r1, r2);
            job.windows().takeOutputs();
            job.record(r3);

            List<NormalizedEvent> out = job.windows().takeNormalized();
            assertThat(out)
                    .extracting(TestEvents::describe)
                    .containsExactly(immediateOutput(KeyStatistics.initial(2, 1), evalAfterReset, CONFIG, r3, false));
            assertThat(out.get(0).statsVersion).isZero();
            double scale = 1 / Math.sqrt(1 + CONFIG.epsilon());
            assertThat(out.get(0).values).containsExactly(new double[] {2 * scale, 7 * scale}, within(1e-15));
        }
    }

    @Test
    void setAffineAppliesGammaAndBetaToOutputsAndSnapshotsFromItsEffectiveTime() throws Exception {
        double[] gamma = {2.0, 0.5};
        double[] beta = {1.0, -1.0};
        ControlState affine = TRAIN.withAffine(gamma, beta);
        try (StampedWindows job = StampedWindows.open(CONFIG, List.of())) {
            job.records(r1, r2);
            KeyStatistics.TrainResult before = train(NEW_KEY, TRAIN, CONFIG, r1, r2);
            job.windows().takeOutputs();
            job.windows().takeSnapshots();

            job.command(affine("c1", "a", T, gamma, beta, 1));
            job.records(r3, r4);

            KeyStatistics.TrainResult after = train(before.next(), affine, CONFIG, r3, r4);
            List<NormalizedEvent> out = job.windows().takeNormalized();
            assertThat(out).extracting(TestEvents::describe).containsExactlyElementsOf(trainOutputs(after, r3, r4));
            // A batch of two normalizes to -gamma and +gamma around beta (up to epsilon).
            assertThat(out.get(0).values).containsExactly(new double[] {-1.0, -0.5}, within(1e-4));
            assertThat(out.get(1).values).containsExactly(new double[] {3.0, -1.5}, within(1e-4));
            // The switch is published with the unchanged statistics, then the batch with the new ones.
            assertThat(job.windows().takeSnapshots())
                    .containsExactly(snapshot("a", before.next(), affine), snapshot("a", after.next(), affine));
        }
    }
}
