package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.Expected.assertOutputs;
import static io.streamingbatchnorm.flink.window.Expected.assertSnapshots;
import static io.streamingbatchnorm.flink.window.Expected.immediate;
import static io.streamingbatchnorm.flink.window.Expected.snapshot;
import static io.streamingbatchnorm.flink.window.Expected.train;
import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.command;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.flink.window.Expected;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A switch between train and eval mode at an effective time T inside an open micro-batch (DESIGN 4.5,
 * 4.6): records before T are closed as a train batch first, records from T on are normalized in eval mode
 * with running statistics that include that batch.
 */
class ModeSwitchTest {
    private static final NormalizerConfig COUNT =
            NormalizerConfig.builder().batchSize(4).build();
    private static final long T = T0 + 3_000;

    private final FeatureEvent r1 = feature("a", T0 + 1_000, "r1", 1, 10);
    private final FeatureEvent r2 = feature("a", T0 + 2_000, "r2", 4, 6);
    private final FeatureEvent r3 = feature("a", T, "r3", 2, 7);
    private final FeatureEvent r4 = feature("a", T0 + 3_500, "r4", 9, -1);

    @Test
    void commandKnownAtStartClosesTheTrainBatchBeforeTheFirstEvalRecord() throws Exception {
        try (StampedWindows job = StampedWindows.open(COUNT, List.of(command("c1", "*", CommandType.EVAL, T, 1)))) {
            job.records(r1, r2, r3, r4);
            assertSwitchedAtT(job);
        }
    }

    @Test
    void broadcastCommandArrivingWhileTheBatchIsOpenClosesItBeforeTheFirstEvalRecord() throws Exception {
        try (StampedWindows job = StampedWindows.open(COUNT, List.of())) {
            job.records(r1, r2);
            job.command(command("c1", "a", CommandType.EVAL, T, 1));
            assertThat(job.windows().takeNormalized()).isEmpty();
            job.records(r3, r4);
            assertSwitchedAtT(job);
        }
    }

    private void assertSwitchedAtT(StampedWindows job) {
        ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
        List<Expected.Output> expected = new ArrayList<>(train(a, r1, r2));
        expected.add(immediate(a, Mode.EVAL, r3, false));
        expected.add(immediate(a, Mode.EVAL, r4, false));
        // TRAIN outputs carry the version after their batch, EVAL outputs the version they used: both 1.
        assertThat(expected).extracting(Expected.Output::version).containsOnly(1L);
        assertOutputs(job.windows().takeNormalized(), expected);
        assertSnapshots(job.windows().takeStats(), List.of(snapshot("a", a, Mode.EVAL)));
        assertThat(job.windows().eventTimeTimers()).isZero();
    }

    @Test
    void switchBackToTrainStartsABatchThatFoldsInAsTheNextVersion() throws Exception {
        long back = T0 + 5_000;
        FeatureEvent r5 = feature("a", back, "r5", 3, 3);
        FeatureEvent r6 = feature("a", T0 + 6_000, "r6", 5, 1);
        List<StoredCommand> commands =
                List.of(command("c1", "*", CommandType.EVAL, T, 1), command("c2", "*", CommandType.TRAIN, back, 2));
        try (StampedWindows job = StampedWindows.open(COUNT, commands)) {
            job.records(r1, r2, r3, r4);
            ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
            train(a, r1, r2);
            job.windows().takeOutputs();
            job.windows().takeSnapshots();

            job.records(r5, r6);
            // The switch itself is published (same statistics, mode TRAIN); the batch waits for more records.
            assertThat(job.windows().takeOutputs()).isEmpty();
            assertSnapshots(job.windows().takeStats(), List.of(snapshot("a", a, Mode.TRAIN)));
            job.watermark(Long.MAX_VALUE);

            List<Expected.Output> second = train(a, r5, r6);
            assertThat(a.version()).isEqualTo(2);
            assertOutputs(job.windows().takeNormalized(), second);
            assertSnapshots(job.windows().takeStats(), List.of(snapshot("a", a, Mode.TRAIN)));
        }
    }

    @Test
    void commandWithoutEffectiveTimeAppliesToEveryRecordProcessedAfterIt() throws Exception {
        // Event time earlier than the records already in the batch: without an effective time that does not matter.
        FeatureEvent early = feature("a", T0, "early", 2, 7);
        try (StampedWindows job = StampedWindows.open(COUNT, List.of())) {
            job.records(r1, r2);
            job.command(command("c1", "a", CommandType.EVAL, null, 1));
            job.record(early);

            ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
            List<Expected.Output> expected = new ArrayList<>(train(a, r1, r2));
            expected.add(immediate(a, Mode.EVAL, early, false));
            assertOutputs(job.windows().takeNormalized(), expected);
        }
    }

    @Test
    void switchInsideTumblingWindowsClosesTheOpenWindowsOldestFirst() throws Exception {
        NormalizerConfig tumbling = NormalizerConfig.builder()
                .window(Duration.ofSeconds(10))
                .maxOutOfOrderness(Duration.ofSeconds(1))
                .build();
        // Window [T0 - 10s, T0) is still open when the switch comes: the watermark is 1 s behind.
        FeatureEvent p1 = feature("a", T0 - 900, "p1", 3, 1);
        FeatureEvent p2 = feature("a", T0 - 800, "p2", 5, 2);
        FeatureEvent s1 = feature("a", T0 + 50, "s1", 1, 8);
        FeatureEvent s2 = feature("a", T0 + 60, "s2", 2, 9);
        FeatureEvent e1 = feature("a", T0 + 70, "e1", 4, 4);
        try (StampedWindows job =
                StampedWindows.open(tumbling, List.of(command("c1", "*", CommandType.EVAL, T0 + 70, 1)))) {
            job.records(p1, p2, s1, s2);
            job.watermark(T0 - 1_000);
            assertThat(job.windows().takeNormalized()).isEmpty();
            job.record(e1);

            // Batches fold in in event-time order, as the watermark would have closed them.
            ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
            List<Expected.Output> expected = new ArrayList<>(train(a, p1, p2));
            expected.addAll(train(a, s1, s2));
            expected.add(immediate(a, Mode.EVAL, e1, false));
            assertOutputs(job.windows().takeNormalized(), expected);
            List<StatsEvent> snapshots = job.windows().takeStats();
            assertThat(snapshots).isNotEmpty();
            assertSnapshots(
                    snapshots.subList(snapshots.size() - 1, snapshots.size()), List.of(snapshot("a", a, Mode.EVAL)));
            assertThat(job.windows().eventTimeTimers()).isZero();
        }
    }
}
