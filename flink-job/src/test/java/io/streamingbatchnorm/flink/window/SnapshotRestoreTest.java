package io.streamingbatchnorm.flink.window;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.DriftThresholds;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A snapshot taken with batches open and timers pending, restored into a new operator instance, gives
 * the same outputs and snapshots, to the bit, as a run without interruption (DESIGN 4.7). Generic types
 * are disabled, so this also proves that no state falls back to Kryo.
 */
class SnapshotRestoreTest {
    private static final long SEED = 20_240_611L;
    private static final int RECORDS = 80;
    private static final int CHECKPOINT_AFTER = 43;

    /** One input of the window operator: a stamped record or marker, or a watermark when {@code event} is null. */
    private record Step(StampedEvent event, long watermark) {
        void apply(MicroBatchHarness h) throws Exception {
            if (event == null) {
                h.watermark(watermark);
            } else {
                h.add(event);
            }
        }
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(strings = {"count", "10s"})
    void restoredOperatorContinuesExactlyAsAnUninterruptedOne(String window) throws Exception {
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(4)
                .window(window.equals("count") ? null : Duration.ofSeconds(10))
                .maxBatchDelay(Duration.ofSeconds(8))
                .maxOutOfOrderness(Duration.ofSeconds(1))
                .drift(new DriftThresholds(0.5, 1.5, 4))
                .build();
        List<Step> steps = script(config);

        List<String> uninterrupted = new ArrayList<>();
        List<String> uninterruptedSnapshots = new ArrayList<>();
        List<String> uninterruptedDrift = new ArrayList<>();
        try (MicroBatchHarness h = MicroBatchHarness.open(config)) {
            assertThat(h.rejectsGenericTypes()).isTrue();
            for (Step s : steps) {
                s.apply(h);
            }
            collect(h, uninterrupted, uninterruptedSnapshots, uninterruptedDrift);
        }

        List<String> restored = new ArrayList<>();
        List<String> restoredSnapshots = new ArrayList<>();
        List<String> restoredDrift = new ArrayList<>();
        OperatorSubtaskState state;
        try (MicroBatchHarness before = MicroBatchHarness.open(config)) {
            for (Step s : steps.subList(0, CHECKPOINT_AFTER)) {
                s.apply(before);
            }
            collect(before, restored, restoredSnapshots, restoredDrift);
            // Open batches and their timers must travel in the snapshot, or the comparison below fails.
            assertThat(before.eventTimeTimers()).isPositive();
            assertThat(before.keyedStateEntries()).isGreaterThan(before.globalStateEntries());
            state = before.snapshot();
        }
        try (MicroBatchHarness after = MicroBatchHarness.restore(config, state)) {
            int outputsBefore = restored.size();
            for (Step s : steps.subList(CHECKPOINT_AFTER, steps.size())) {
                s.apply(after);
            }
            collect(after, restored, restoredSnapshots, restoredDrift);
            assertThat(restored.size()).isGreaterThan(outputsBefore);
            assertThat(after.eventTimeTimers()).isZero();
        }

        assertThat(restored).containsExactlyElementsOf(uninterrupted);
        assertThat(restoredSnapshots).containsExactlyElementsOf(uninterruptedSnapshots);
        assertThat(restoredDrift).isNotEmpty().containsExactlyElementsOf(uninterruptedDrift);
        assertThat(uninterrupted)
                .anyMatch(o -> o.contains(" TRAIN v"))
                .anyMatch(o -> o.contains(" EVAL v"))
                .anyMatch(o -> o.contains("NaN"));
    }

    private static void collect(MicroBatchHarness h, List<String> outputs, List<String> snapshots, List<String> drift) {
        outputs.addAll(h.takeOutputs());
        snapshots.addAll(h.takeSnapshots());
        h.takeDrift().forEach(d -> drift.add(d.toCore().toString()));
    }

    @Test
    void anEvalDriftWindowHalfFullAtACheckpointFillsAfterTheRestoreAsWithout() throws Exception {
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(4)
                .drift(new DriftThresholds(1.0, 4.0, 4))
                .build();
        ControlState eval = config.initialControl().withMode(Mode.EVAL);
        List<StampedEvent> trainAndTwo = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            trainAndTwo.add(TestEvents.initial(TestEvents.feature("k", T0 + i, "t" + i, i, 2 * i), config));
        }
        trainAndTwo.add(TestEvents.marker("k", T0 + 4, eval));
        trainAndTwo.add(TestEvents.stamped(TestEvents.feature("k", T0 + 4, "e0", 9, 1), eval));
        trainAndTwo.add(TestEvents.stamped(TestEvents.feature("k", T0 + 5, "e1", 11, Double.NaN), eval));
        List<StampedEvent> lastTwo = List.of(
                TestEvents.stamped(TestEvents.feature("k", T0 + 6, "e2", 10, 3), eval),
                TestEvents.stamped(TestEvents.feature("k", T0 + 7, "e3", 12, 5), eval));

        List<String> uninterrupted;
        try (MicroBatchHarness h = MicroBatchHarness.open(config)) {
            trainAndTwo.forEach(e -> add(h, e));
            lastTwo.forEach(e -> add(h, e));
            uninterrupted =
                    h.takeDrift().stream().map(d -> d.toCore().toString()).toList();
        }
        OperatorSubtaskState state;
        try (MicroBatchHarness before = MicroBatchHarness.open(config)) {
            trainAndTwo.forEach(e -> add(before, e));
            assertThat(before.takeDrift()).isEmpty();
            state = before.snapshot();
        }
        try (MicroBatchHarness after = MicroBatchHarness.restore(config, state)) {
            lastTwo.forEach(e -> add(after, e));
            assertThat(after.takeDrift().stream().map(d -> d.toCore().toString()))
                    .containsExactlyElementsOf(uninterrupted);
        }
        assertThat(uninterrupted).singleElement().asString().contains("mode=EVAL", "windowSize=4");
    }

    private static void add(MicroBatchHarness h, StampedEvent e) {
        try {
            h.add(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Seeded records of three keys of dimension 3 with missing values and attributes, in slightly
     * disordered event time, with watermarks 1 s behind; key "c" switches to eval mode half-way, as the
     * stamping operator would announce it, with a marker.
     */
    private static List<Step> script(NormalizerConfig config) {
        Random random = new Random(SEED);
        ControlState train = config.initialControl();
        ControlState eval = train.withMode(Mode.EVAL);
        String[] keys = {"a", "b", "c"};
        Set<String> switched = new HashSet<>();
        List<Step> steps = new ArrayList<>();
        long time = T0;
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < RECORDS; i++) {
            time += 100 + random.nextInt(900);
            long eventTime = time - random.nextInt(500);
            maxTime = Math.max(maxTime, eventTime);
            String key = keys[random.nextInt(keys.length)];
            double[] values = new double[3];
            for (int j = 0; j < values.length; j++) {
                values[j] = random.nextDouble() < 0.1 ? Double.NaN : 10 * j + random.nextGaussian() * (j + 1);
            }
            FeatureEvent f = new FeatureEvent(key, eventTime, "r" + i, Map.of("source", "s" + i % 3), values, 0, i);
            ControlState control = train;
            if (key.equals("c") && i >= RECORDS / 2) {
                control = eval;
                if (switched.add(key)) {
                    steps.add(new Step(TestEvents.marker(key, eventTime, eval), 0));
                }
            }
            steps.add(new Step(TestEvents.stamped(f, control), 0));
            if (i % 5 == 4) {
                steps.add(new Step(null, maxTime - 1_000));
            }
        }
        steps.add(new Step(null, Long.MAX_VALUE));
        return steps;
    }
}
