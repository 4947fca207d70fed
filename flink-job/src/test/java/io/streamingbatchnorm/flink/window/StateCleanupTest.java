package io.streamingbatchnorm.flink.window;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static io.streamingbatchnorm.flink.window.TestEvents.initial;
import static io.streamingbatchnorm.flink.window.TestEvents.marker;
import static io.streamingbatchnorm.flink.window.TestEvents.stamped;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.DriftThresholds;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.ControlFields;
import io.streamingbatchnorm.flink.model.StampedEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every way a micro-batch closes leaves no timer and no window state behind: what stays is one entry of
 * running statistics per key, and the drift window of a key while it gathers eval records. {@link BatchWindow} has no maximum timestamp, so the window operator never
 * cleans these windows up itself; if the trigger forgot anything, it would stay for ever.
 */
class StateCleanupTest {
    private static final NormalizerConfig COUNT = NormalizerConfig.builder()
            .batchSize(2)
            .maxBatchDelay(Duration.ofSeconds(10))
            .build();
    // A long out-of-orderness, so that a marker goes to several earlier windows, most of them empty.
    private static final NormalizerConfig TUMBLING = NormalizerConfig.builder()
            .window(Duration.ofSeconds(10))
            .maxOutOfOrderness(Duration.ofSeconds(45))
            .build();

    @Test
    void countBatchesLeaveOnlyTheRunningStatisticsOfEachKey() throws Exception {
        ControlState eval = COUNT.initialControl().withMode(Mode.EVAL);
        try (MicroBatchHarness h = MicroBatchHarness.open(COUNT)) {
            h.add(initial(feature("a", T0, "a1", 1, 2), COUNT));
            // An open batch: its records (one list entry), its count, its deadline, and the deadline timer.
            assertThat(h.keyedStateEntries()).isEqualTo(3);
            assertThat(h.globalStateEntries()).isZero();
            assertThat(h.eventTimeTimers()).isEqualTo(1);

            h.add(initial(feature("a", T0 + 1, "a2", 3, 4), COUNT));
            assertClean(h, 1);

            h.add(initial(feature("b", T0 + 2, "b1", 1, 2), COUNT));
            h.watermark(T0 + 10_002);
            assertClean(h, 2);

            h.add(initial(feature("c", T0 + 3, "c1", 1, 2), COUNT));
            h.add(marker("c", T0 + 4, eval));
            assertClean(h, 3);
            h.add(stamped(feature("c", T0 + 4, "c2", 5, 5), eval));
            assertClean(h, 3);

            h.add(initial(feature("d", T0 + 5, "d1", 1, 2), COUNT));
            h.watermark(Long.MAX_VALUE);
            assertClean(h, 4);
            assertThat(h.takeNormalized()).hasSize(6);
        }
    }

    @Test
    void tumblingWindowsLeaveOnlyTheRunningStatisticsOfEachKey() throws Exception {
        ControlState train = TUMBLING.initialControl();
        ControlState eval = train.withMode(Mode.EVAL);
        try (MicroBatchHarness h = MicroBatchHarness.open(TUMBLING)) {
            h.add(initial(feature("a", T0 + 1_000, "a1", 1, 2), TUMBLING));
            h.add(initial(feature("a", T0 + 2_000, "a2", 3, 1), TUMBLING));
            h.add(initial(feature("a", T0 + 12_000, "a3", 3, 1), TUMBLING));
            // Two windows, each with its records and its end-of-window timer.
            assertThat(h.keyedStateEntries()).isEqualTo(2);
            assertThat(h.eventTimeTimers()).isEqualTo(2);

            h.watermark(T0 + 9_999);
            assertThat(h.keyedStateEntries()).isEqualTo(2);
            assertThat(h.globalStateEntries()).isEqualTo(1);
            assertThat(h.eventTimeTimers()).isEqualTo(1);

            // Late for a closed window: a window of its own, fired at once.
            h.add(StampedEvent.record(feature("a", T0 + 3_000, "late", 2, 2), ControlFields.of(train), true));
            assertThat(h.keyedStateEntries()).isEqualTo(2);

            // The switch closes the key's open window early, as the stamping stage tells it to.
            StampedEvent switchToEval = marker("a", T0 + 13_000, eval);
            switchToEval.closeWindows = new long[] {T0 + 10_000};
            h.add(switchToEval);
            assertClean(h, 1);
            h.add(stamped(feature("a", T0 + 13_000, "e1", 2, 2), eval));
            // The eval record starts the key's drift window, which holds it until --drift-window records fill it.
            assertClean(h, 1, 1);
            assertThat(h.takeNormalized()).hasSize(5);
        }
    }

    @Test
    void recordsNormalizedAtOnceLeaveOnlyTheRunningStatisticsOfTheirKey() throws Exception {
        NormalizerConfig evalFirst = COUNT.toBuilder().initialMode(Mode.EVAL).build();
        try (MicroBatchHarness h = MicroBatchHarness.open(evalFirst)) {
            h.add(initial(feature("a", T0, "a1", 1, 2), evalFirst));
            h.add(initial(feature("b", T0, "b1", 1, 2), evalFirst));
            h.add(initial(feature("a", T0 + 1, "a2", 1, 2), evalFirst));
            // The first record of a key stores its version-0 statistics: that is the only state.
            assertClean(h, 2);
            h.watermark(Long.MAX_VALUE);
            assertClean(h, 2);
            assertThat(h.takeNormalized()).hasSize(3);
        }
    }

    @Test
    void anEvalDriftWindowKeepsStateOnlyWhileItFillsAndGoesWithItsKey() throws Exception {
        NormalizerConfig config =
                COUNT.toBuilder().drift(new DriftThresholds(1.0, 4.0, 2)).build();
        ControlState eval = config.initialControl().withMode(Mode.EVAL);
        try (MicroBatchHarness h = MicroBatchHarness.open(config)) {
            h.add(initial(feature("a", T0, "a1", 1, 2), config));
            h.add(initial(feature("a", T0 + 1, "a2", 3, 4), config));
            h.add(marker("a", T0 + 2, eval));
            assertClean(h, 1);

            h.add(stamped(feature("a", T0 + 2, "e1", 100, 2), eval));
            assertClean(h, 1, 1);
            h.add(stamped(feature("a", T0 + 3, "e2", 110, 4), eval));
            // Full, measured and emptied: nothing of it stays.
            assertClean(h, 1);
            assertThat(h.takeDrift()).singleElement().satisfies(d -> {
                assertThat(d.mode).isEqualTo(Mode.EVAL);
                assertThat(d.statsVersion).isEqualTo(1);
                assertThat(d.windowSize).isEqualTo(2);
                assertThat(d.crossed).contains(0);
            });

            h.add(stamped(feature("a", T0 + 4, "e3", 1, 2), eval));
            assertClean(h, 1, 1);
            h.add(StampedEvent.expiry("a", T0 + 5, ControlFields.of(eval)));
            assertThat(h.keyedStateEntries()).as("all keyed state entries").isZero();
            assertThat(h.eventTimeTimers()).isZero();
        }
    }

    private static void assertClean(MicroBatchHarness h, int keys) {
        assertClean(h, keys, 0);
    }

    /** Only the running statistics of {@code keys} keys and {@code driftWindows} eval drift windows are left. */
    private static void assertClean(MicroBatchHarness h, int keys, int driftWindows) {
        assertThat(h.eventTimeTimers()).as("event-time timers").isZero();
        assertThat(h.globalStateEntries())
                .as("running statistics and drift windows")
                .isEqualTo(keys + driftWindows);
        assertThat(h.keyedStateEntries()).as("all keyed state entries").isEqualTo(keys + driftWindows);
    }
}
