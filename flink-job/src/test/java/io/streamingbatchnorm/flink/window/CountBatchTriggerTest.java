package io.streamingbatchnorm.flink.window;

import static io.streamingbatchnorm.flink.window.Expected.assertOutputs;
import static io.streamingbatchnorm.flink.window.Expected.assertSnapshots;
import static io.streamingbatchnorm.flink.window.Expected.immediate;
import static io.streamingbatchnorm.flink.window.Expected.snapshot;
import static io.streamingbatchnorm.flink.window.Expected.train;
import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static io.streamingbatchnorm.flink.window.TestEvents.initial;
import static io.streamingbatchnorm.flink.window.TestEvents.marker;
import static io.streamingbatchnorm.flink.window.TestEvents.stamped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The count micro-batch closes for each of its four reasons (DESIGN 4.1), with exact outputs and snapshots. */
class CountBatchTriggerTest {
    // Epsilon 0 so that the hand-computed numbers below are plain (x - mu) / sigma.
    private static final NormalizerConfig CONFIG = NormalizerConfig.builder()
            .batchSize(3)
            .maxBatchDelay(Duration.ofSeconds(10))
            .epsilon(0)
            .build();
    private static final ReferenceBatchNorm.Settings REFERENCE = ReferenceBatchNorm.Settings.DEFAULTS.withEpsilon(0);
    private static final ControlState EVAL = CONFIG.initialControl().withMode(Mode.EVAL);

    private MicroBatchHarness harness;

    @BeforeEach
    void open() throws Exception {
        harness = MicroBatchHarness.open(CONFIG);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static ReferenceBatchNorm newKey() {
        return new ReferenceBatchNorm(2, REFERENCE);
    }

    @Test
    void batchClosesWhenItHoldsBatchSizeRecordsOfItsKey() throws Exception {
        FeatureEvent a1 = feature("a", T0, "a1", 1, 10);
        FeatureEvent a2 = feature("a", T0 + 1, "a2", 2, 20);
        FeatureEvent b1 = feature("b", T0 + 2, "b1", 5, 5);
        FeatureEvent a3 = feature("a", T0 + 3, "a3", 3, 30);

        harness.addAll(initial(a1, CONFIG), initial(a2, CONFIG), initial(b1, CONFIG));
        assertThat(harness.takeNormalized()).isEmpty();
        harness.add(initial(a3, CONFIG));

        ReferenceBatchNorm a = newKey();
        List<NormalizedEvent> out = harness.takeNormalized();
        List<StatsEvent> stats = harness.takeStats();
        assertOutputs(out, train(a, a1, a2, a3));
        assertSnapshots(stats, List.of(snapshot("a", a, Mode.TRAIN)));
        // The same numbers by hand: mean (2, 20), biased variance (2/3, 200/3), momentum 0.9 from mean 0 and variance
        // 1.
        assertThat(out.get(0).values).containsExactly(new double[] {-Math.sqrt(1.5), -Math.sqrt(1.5)}, within(1e-12));
        assertThat(out.get(1).values).containsExactly(new double[] {0, 0}, within(1e-12));
        assertThat(stats.get(0).runningMean).containsExactly(new double[] {0.2, 2.0}, within(1e-12));
        assertThat(stats.get(0).runningVar)
                .containsExactly(new double[] {0.9 + 0.1 * 2 / 3, 0.9 + 0.1 * 200 / 3}, within(1e-12));
        assertThat(stats.get(0).version).isEqualTo(1);
        // Key b's batch is still open, with its deadline timer.
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
    }

    @Test
    void partialBatchClosesWhenTheWatermarkPassesItsFirstRecordPlusMaxBatchDelay() throws Exception {
        FeatureEvent a1 = feature("a", T0, "a1", 1, 10);
        FeatureEvent a2 = feature("a", T0 + 4_000, "a2", 3, 14);
        FeatureEvent a3 = feature("a", T0 + 12_000, "a3", 7, 7);

        harness.addAll(initial(a1, CONFIG), initial(a2, CONFIG));
        harness.watermark(T0 + 9_999);
        assertThat(harness.takeNormalized()).isEmpty();
        harness.watermark(T0 + 10_000);

        ReferenceBatchNorm a = newKey();
        assertOutputs(harness.takeNormalized(), train(a, a1, a2));
        assertSnapshots(harness.takeStats(), List.of(snapshot("a", a, Mode.TRAIN)));

        // The next batch's deadline runs from its own first record.
        harness.add(initial(a3, CONFIG));
        harness.watermark(T0 + 21_999);
        assertThat(harness.takeNormalized()).isEmpty();
        harness.watermark(T0 + 22_000);

        // One record is below min-batch-size 2: normalized with the running statistics, nothing folded in,
        // so it keeps version 1 and no snapshot is published.
        List<Expected.Output> second = train(a, a3);
        assertThat(a.version()).isEqualTo(1);
        assertOutputs(harness.takeNormalized(), second);
        assertThat(harness.takeNormalized()).isEmpty();
        assertThat(harness.takeSnapshots()).isEmpty();
    }

    @Test
    void partialBatchesCloseAtTheEndOfABoundedInput() throws Exception {
        FeatureEvent a1 = feature("a", T0, "a1", 1, 10);
        FeatureEvent a2 = feature("a", T0 + 1, "a2", 4, 0);
        FeatureEvent b1 = feature("b", T0 + 2, "b1", 2, 2);
        FeatureEvent b2 = feature("b", T0 + 3, "b2", 6, 3);

        harness.addAll(initial(a1, CONFIG), initial(a2, CONFIG), initial(b1, CONFIG), initial(b2, CONFIG));
        harness.watermark(T0 + 5);
        assertThat(harness.takeNormalized()).isEmpty();
        harness.watermark(Long.MAX_VALUE);

        ReferenceBatchNorm a = newKey();
        ReferenceBatchNorm b = newKey();
        List<Expected.Output> expected = new ArrayList<>(train(a, a1, a2));
        expected.addAll(train(b, b1, b2));
        // Deadline timers fire in time order: a's batch started first.
        assertOutputs(harness.takeNormalized(), expected);
        assertSnapshots(harness.takeStats(), List.of(snapshot("a", a, Mode.TRAIN), snapshot("b", b, Mode.TRAIN)));
    }

    @Test
    void markerOfAModeSwitchClosesTheOpenBatchBeforeTheFirstEvalRecord() throws Exception {
        FeatureEvent a1 = feature("a", T0, "a1", 1, 10);
        FeatureEvent a2 = feature("a", T0 + 1_000, "a2", 2, 30);
        FeatureEvent a3 = feature("a", T0 + 2_000, "a3", 4, 4);

        harness.addAll(initial(a1, CONFIG), initial(a2, CONFIG));
        harness.add(marker("a", a3.eventTime, EVAL));

        ReferenceBatchNorm a = newKey();
        assertOutputs(harness.takeNormalized(), train(a, a1, a2));
        // The snapshot already says EVAL: that is the key's mode from here on.
        assertSnapshots(harness.takeStats(), List.of(snapshot("a", a, Mode.EVAL)));
        assertThat(harness.eventTimeTimers()).isZero();

        harness.add(stamped(a3, EVAL));

        List<NormalizedEvent> eval = harness.takeNormalized();
        assertOutputs(eval, List.of(immediate(a, Mode.EVAL, a3, false)));
        assertThat(eval.get(0).statsVersion).isEqualTo(1);
        assertThat(eval.get(0).batchSize).isEqualTo(1);
        // Eval mode reads the statistics and changes nothing, so there is nothing new to publish.
        assertThat(harness.takeSnapshots()).isEmpty();
    }
}
