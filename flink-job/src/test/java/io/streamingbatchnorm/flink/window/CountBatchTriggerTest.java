package io.streamingbatchnorm.flink.window;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static io.streamingbatchnorm.flink.window.TestEvents.initial;
import static io.streamingbatchnorm.flink.window.TestEvents.marker;
import static io.streamingbatchnorm.flink.window.TestEvents.snapshot;
import static io.streamingbatchnorm.flink.window.TestEvents.stamped;
import static io.streamingbatchnorm.flink.window.TestEvents.train;
import static io.streamingbatchnorm.flink.window.TestEvents.trainOutputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
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
    private static final ControlState TRAIN = CONFIG.initialControl();
    private static final ControlState EVAL = TRAIN.withMode(Mode.EVAL);
    private static final KeyStatistics NEW_KEY = KeyStatistics.initial(2, 0);

    private MicroBatchHarness harness;

    @BeforeEach
    void open() throws Exception {
        harness = MicroBatchHarness.open(CONFIG);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
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

        KeyStatistics.TrainResult batch = train(NEW_KEY, TRAIN, CONFIG, a1, a2, a3);
        assertThat(harness.takeOutputs()).containsExactlyElementsOf(trainOutputs(batch, a1, a2, a3));
        assertThat(harness.takeSnapshots()).containsExactly(snapshot("a", batch.next(), TRAIN));
        // The same numbers by hand: mean (2, 20), biased variance (2/3, 200/3), momentum 0.9 from mean 0 and variance
        // 1.
        assertThat(batch.outputs()[0]).containsExactly(new double[] {-Math.sqrt(1.5), -Math.sqrt(1.5)}, within(1e-12));
        assertThat(batch.outputs()[1]).containsExactly(new double[] {0, 0}, within(1e-12));
        assertThat(batch.next().running().meanVector()).containsExactly(new double[] {0.2, 2.0}, within(1e-12));
        assertThat(batch.next().running().varianceVector())
                .containsExactly(new double[] {0.9 + 0.1 * 2 / 3, 0.9 + 0.1 * 200 / 3}, within(1e-12));
        assertThat(batch.next().version()).isEqualTo(1);
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

        KeyStatistics.TrainResult first = train(NEW_KEY, TRAIN, CONFIG, a1, a2);
        assertThat(harness.takeOutputs()).containsExactlyElementsOf(trainOutputs(first, a1, a2));
        assertThat(harness.takeSnapshots()).containsExactly(snapshot("a", first.next(), TRAIN));

        // The next batch's deadline runs from its own first record.
        harness.add(initial(a3, CONFIG));
        harness.watermark(T0 + 21_999);
        assertThat(harness.takeNormalized()).isEmpty();
        harness.watermark(T0 + 22_000);

        // One record is below min-batch-size 2: normalized with the running statistics, nothing folded in,
        // so it keeps version 1 and no snapshot is published.
        KeyStatistics.TrainResult second = train(first.next(), TRAIN, CONFIG, a3);
        assertThat(second.next()).isSameAs(first.next());
        assertThat(harness.takeOutputs()).containsExactlyElementsOf(trainOutputs(second, a3));
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

        KeyStatistics.TrainResult a = train(NEW_KEY, TRAIN, CONFIG, a1, a2);
        KeyStatistics.TrainResult b = train(NEW_KEY, TRAIN, CONFIG, b1, b2);
        List<String> expected = new ArrayList<>(trainOutputs(a, a1, a2));
        expected.addAll(trainOutputs(b, b1, b2));
        // Deadline timers fire in time order: a's batch started first.
        assertThat(harness.takeOutputs()).containsExactlyElementsOf(expected);
        assertThat(harness.takeSnapshots())
                .containsExactly(snapshot("a", a.next(), TRAIN), snapshot("b", b.next(), TRAIN));
    }

    @Test
    void markerOfAModeSwitchClosesTheOpenBatchBeforeTheFirstEvalRecord() throws Exception {
        FeatureEvent a1 = feature("a", T0, "a1", 1, 10);
        FeatureEvent a2 = feature("a", T0 + 1_000, "a2", 2, 30);
        FeatureEvent a3 = feature("a", T0 + 2_000, "a3", 4, 4);

        harness.addAll(initial(a1, CONFIG), initial(a2, CONFIG));
        harness.add(marker("a", a3.eventTime, EVAL));

        KeyStatistics.TrainResult batch = train(NEW_KEY, TRAIN, CONFIG, a1, a2);
        assertThat(harness.takeOutputs()).containsExactlyElementsOf(trainOutputs(batch, a1, a2));
        // The snapshot already says EVAL: that is the key's mode from here on.
        assertThat(harness.takeSnapshots()).containsExactly(snapshot("a", batch.next(), EVAL));
        assertThat(harness.eventTimeTimers()).isZero();

        harness.add(stamped(a3, EVAL));

        List<NormalizedEvent> eval = harness.takeNormalized();
        assertThat(eval)
                .extracting(TestEvents::describe)
                .containsExactly(TestEvents.immediateOutput(batch.next(), EVAL, CONFIG, a3, false));
        assertThat(eval.get(0).statsVersion).isEqualTo(1);
        assertThat(eval.get(0).batchSize).isEqualTo(1);
        // Eval mode reads the statistics and changes nothing, so there is nothing new to publish.
        assertThat(harness.takeSnapshots()).isEmpty();
    }
}
