package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.command;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static io.streamingbatchnorm.flink.window.TestEvents.immediateOutput;
import static io.streamingbatchnorm.flink.window.TestEvents.snapshot;
import static io.streamingbatchnorm.flink.window.TestEvents.train;
import static io.streamingbatchnorm.flink.window.TestEvents.trainOutputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
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
    private static final ControlState TRAIN = COUNT.initialControl();
    private static final ControlState EVAL = TRAIN.withMode(Mode.EVAL);
    private static final KeyStatistics NEW_KEY = KeyStatistics.initial(2, 0);
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
        KeyStatistics.TrainResult batch = train(NEW_KEY, TRAIN, COUNT, r1, r2);
        List<String> expected = new ArrayList<>(trainOutputs(batch, r1, r2));
        expected.add(immediateOutput(batch.next(), EVAL, COUNT, r3, false));
        expected.add(immediateOutput(batch.next(), EVAL, COUNT, r4, false));
        // TRAIN outputs carry the version after their batch, EVAL outputs the version they used: both 1.
        assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(expected);
        assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", batch.next(), EVAL));
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
            KeyStatistics.TrainResult first = train(NEW_KEY, TRAIN, COUNT, r1, r2);
            job.windows().takeOutputs();
            job.windows().takeSnapshots();

            job.records(r5, r6);
            // The switch itself is published (same statistics, mode TRAIN); the batch waits for more records.
            assertThat(job.windows().takeOutputs()).isEmpty();
            assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", first.next(), TRAIN));
            job.watermark(Long.MAX_VALUE);

            KeyStatistics.TrainResult second = train(first.next(), TRAIN, COUNT, r5, r6);
            assertThat(second.next().version()).isEqualTo(2);
            assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(trainOutputs(second, r5, r6));
            assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", second.next(), TRAIN));
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

            KeyStatistics.TrainResult batch = train(NEW_KEY, TRAIN, COUNT, r1, r2);
            List<String> expected = new ArrayList<>(trainOutputs(batch, r1, r2));
            expected.add(immediateOutput(batch.next(), EVAL, COUNT, early, false));
            assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void switchInsideTumblingWindowsClosesTheOpenWindowsOldestFirst() throws Exception {
        NormalizerConfig tumbling = NormalizerConfig.builder()
                .window(Duration.ofSeconds(10))
                .maxOutOfOrderness(Duration.ofSeconds(1))
                .build();
        ControlState train = tumbling.initialControl();
        ControlState eval = train.withMode(Mode.EVAL);
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
            KeyStatistics.TrainResult previous = train(NEW_KEY, train, tumbling, p1, p2);
            KeyStatistics.TrainResult current = train(previous.next(), train, tumbling, s1, s2);
            List<String> expected = new ArrayList<>(trainOutputs(previous, p1, p2));
            expected.addAll(trainOutputs(current, s1, s2));
            expected.add(immediateOutput(current.next(), eval, tumbling, e1, false));
            assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(expected);
            assertThat(job.windows().takeSnapshots()).last().isEqualTo(snapshot("a", current.next(), eval));
            assertThat(job.windows().eventTimeTimers()).isZero();
        }
    }
}
