package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.affine;
import static io.streamingbatchnorm.flink.window.TestEvents.command;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Commands are kept in broadcast state and each key's control state in keyed state (DESIGN 4.6): after a
 * restore, both operators continue exactly as without the interruption, and a repeated id is still known.
 */
class ControlRestoreTest {
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(3).build();
    private static final long T = T0 + 5_000;
    private static final List<StoredCommand> COMMANDS = List.of(
            affine("c1", "*", T0 + 2_000, new double[] {2, 2}, new double[] {1, -1}, 1),
            command("c2", "a", CommandType.EVAL, T, 2),
            affine("c3", "b", null, new double[] {1, 1, 1}, new double[] {0, 0, 0}, 3));
    private static final StoredCommand REPEATED = command("c2", "a", CommandType.RESET, T0, 4);

    private final List<FeatureEvent> before = List.of(
            feature("a", T0 + 1_000, "a1", 1, 10), feature("b", T0 + 1_100, "b1", 4, 4),
            feature("a", T0 + 2_500, "a2", 3, 7), feature("b", T0 + 2_600, "b2", 8, 1));
    private final List<FeatureEvent> after = List.of(
            feature("a", T0 + 3_000, "a3", 2, 2), feature("b", T0 + 6_000, "b3", 0, 3),
            feature("a", T0 + 6_000, "a4", 5, 5), feature("a", T0 + 7_000, "a5", 6, 0));

    @Test
    void restoredOperatorsKnowTheCommandsAndContinueAsWithoutInterruption() throws Exception {
        List<String> uninterrupted = new ArrayList<>();
        List<String> snapshotsUninterrupted = new ArrayList<>();
        List<DeadLetterEvent> deadUninterrupted = new ArrayList<>();
        try (StampedWindows job = StampedWindows.open(CONFIG, List.of())) {
            runBefore(job);
            runAfter(job);
            collect(job, uninterrupted, snapshotsUninterrupted, deadUninterrupted);
        }

        List<String> restored = new ArrayList<>();
        List<String> snapshotsRestored = new ArrayList<>();
        List<DeadLetterEvent> deadRestored = new ArrayList<>();
        StampedWindows.Snapshot state;
        try (StampedWindows job = StampedWindows.open(CONFIG, List.of())) {
            runBefore(job);
            collect(job, restored, snapshotsRestored, deadRestored);
            state = job.snapshot();
        }
        try (StampedWindows job = StampedWindows.restore(CONFIG, List.of(), state)) {
            runAfter(job);
            collect(job, restored, snapshotsRestored, deadRestored);
        }

        assertThat(restored).containsExactlyElementsOf(uninterrupted);
        assertThat(snapshotsRestored).containsExactlyElementsOf(snapshotsUninterrupted);
        assertThat(uninterrupted).filteredOn(o -> o.contains(" EVAL v")).hasSize(2);
        // c3 does not fit key b (reported once, before the checkpoint); c2 repeated after it.
        assertThat(deadRestored)
                .extracting(d -> d.reason)
                .containsExactly("WRONG_AFFINE_DIMENSION", "DUPLICATE_COMMAND");
        assertThat(deadUninterrupted)
                .extracting(d -> d.reason)
                .containsExactly("WRONG_AFFINE_DIMENSION", "DUPLICATE_COMMAND");
    }

    private void runBefore(StampedWindows job) throws Exception {
        for (StoredCommand c : COMMANDS) {
            job.command(c);
        }
        for (FeatureEvent f : before) {
            job.record(f);
        }
        job.watermark(T0 + 2_600);
    }

    private void runAfter(StampedWindows job) throws Exception {
        job.command(REPEATED);
        for (FeatureEvent f : after) {
            job.record(f);
        }
        job.watermark(Long.MAX_VALUE);
    }

    private static void collect(
            StampedWindows job, List<String> outputs, List<String> snapshots, List<DeadLetterEvent> dead) {
        outputs.addAll(job.windows().takeOutputs());
        snapshots.addAll(job.windows().takeSnapshots());
        dead.addAll(job.takeDeadLetters());
    }
}
