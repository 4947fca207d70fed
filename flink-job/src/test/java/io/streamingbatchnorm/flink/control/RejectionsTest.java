package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.affine;
import static io.streamingbatchnorm.flink.window.TestEvents.command;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Inputs refused after decoding (DESIGN 4.4, 4.6) go to the dead letters exactly once, with their
 * reason, and change nothing: the outputs and snapshots are those of a run without them.
 */
class RejectionsTest {
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(2).build();
    private static final long T = T0 + 5_000;
    private static final StoredCommand EVAL_AT_T = command("c1", "*", CommandType.EVAL, T, 1);
    /** Applies to no key of these tests; sending it rebuilds every key's cached control timeline. */
    private static final StoredCommand UNRELATED = command("c9", "other", CommandType.TRAIN, null, 9);

    private final FeatureEvent r1 = feature("a", T0 + 1_000, "r1", 1, 10);
    private final FeatureEvent r2 = feature("a", T0 + 2_000, "r2", 5, 30);
    private final FeatureEvent r3 = feature("a", T0 + 3_000, "r3", 2, 7);
    private final FeatureEvent r4 = feature("a", T0 + 4_000, "r4", 8, -1);
    private final FeatureEvent r5 = feature("a", T0 + 6_000, "r5", 3, 3);

    /** What a test does to the job between opening it and the end of input. */
    private interface Script {
        void run(StampedWindows job) throws Exception;
    }

    @Test
    void setAffineOfAnotherDimensionIsReportedOnceAndIgnored() throws Exception {
        StoredCommand wrong = affine("c2", "a", T0, new double[] {2, 2, 2}, new double[] {1, 1, 1}, 2);
        List<DeadLetterEvent> dead = new ArrayList<>();
        List<String> withCommand = run(List.of(), dead, job -> {
            job.command(wrong);
            job.records(r1, r2);
            job.command(UNRELATED);
            job.records(r3, r4);
        });
        List<String> without = run(List.of(), new ArrayList<>(), job -> {
            job.records(r1, r2);
            job.command(UNRELATED);
            job.records(r3, r4);
        });

        assertThat(withCommand).isEqualTo(without);
        assertThat(dead).extracting(d -> d.reason).containsExactly("WRONG_AFFINE_DIMENSION");
        assertThat(new String(dead.get(0).original, StandardCharsets.UTF_8)).contains("\"c2\"");
        assertThat(dead.get(0).message).contains("key 'a'").contains("3 values").contains("dimension 2");
    }

    @Test
    void repeatedCommandIdIsReportedOnceAndIgnored() throws Exception {
        // Were it taken, r4 would be in eval mode.
        StoredCommand conflicting = command("c1", "*", CommandType.EVAL, T0 + 3_500, 3);
        StoredCommand redelivered = command("c1", "*", CommandType.EVAL, T, 1);
        List<DeadLetterEvent> dead = new ArrayList<>();
        List<String> withRepeats = run(List.of(), dead, job -> {
            job.command(EVAL_AT_T);
            job.records(r1, r2, r3);
            job.command(redelivered);
            job.command(conflicting);
            job.records(r4, r5);
        });
        List<String> without = run(List.of(), new ArrayList<>(), job -> {
            job.command(EVAL_AT_T);
            job.records(r1, r2, r3, r4, r5);
        });

        assertThat(withRepeats).isEqualTo(without);
        assertThat(without).filteredOn(o -> o.contains(" EVAL v")).hasSize(1).allMatch(o -> o.contains("id=r5"));
        // The exact redelivery of c1 (same content, same position) is not an error.
        assertThat(dead).extracting(d -> d.reason).containsExactly("DUPLICATE_COMMAND");
        assertThat(dead.get(0).message).contains("'c1'");
    }

    @Test
    void commandRepeatingTheIdOfACommandKnownAtStartIsReportedAndIgnored() throws Exception {
        List<DeadLetterEvent> dead = new ArrayList<>();
        List<String> withRepeat = run(List.of(EVAL_AT_T), dead, job -> {
            job.command(command("c1", "a", CommandType.RESET, T0, 5));
            job.records(r1, r2, r3, r4, r5);
        });
        List<String> without = run(List.of(EVAL_AT_T), new ArrayList<>(), job -> job.records(r1, r2, r3, r4, r5));

        assertThat(withRepeat).isEqualTo(without);
        assertThat(dead).extracting(d -> d.reason).containsExactly("DUPLICATE_COMMAND");
    }

    @Test
    void onlyTheFirstSubtaskReportsARepeatedCommandIdThatEverySubtaskReceives() throws Exception {
        StoredCommand conflicting = command("c1", "*", CommandType.TRAIN, T0, 3);
        List<DeadLetterEvent> dead = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> stamp =
                    StampedWindows.stamping(CONFIG, List.of(), 2, subtask, null)) {
                stamp.processBroadcastElement(EVAL_AT_T, 0L);
                stamp.processBroadcastElement(conflicting, 0L);
                List<DeadLetterEvent> reported = StampedWindows.take(stamp);
                assertThat(reported).as("subtask %d", subtask).hasSize(subtask == 0 ? 1 : 0);
                dead.addAll(reported);
            }
        }
        assertThat(dead).extracting(d -> d.reason).containsExactly("DUPLICATE_COMMAND");
    }

    @Test
    void recordOfAnotherDimensionThanItsKeyIsReportedAndNeverReachesABatch() throws Exception {
        FeatureEvent wrong = new FeatureEvent("a", T0 + 1_500, "wrong", null, new double[] {1, 2, 3}, -1, 7);
        List<DeadLetterEvent> dead = new ArrayList<>();
        List<String> withWrong = run(List.of(), dead, job -> job.records(r1, wrong, r2, r3));
        List<String> without = run(List.of(), new ArrayList<>(), job -> job.records(r1, r2, r3));

        assertThat(withWrong).isEqualTo(without);
        // r1 and r2 made a batch of two: the refused record did not count towards batch-size.
        assertThat(without).filteredOn(o -> o.contains(" n=2 ")).hasSize(2);
        assertThat(dead).extracting(d -> d.reason, d -> d.line).containsExactly(tuple("WRONG_DIMENSION", 7L));
        assertThat(dead.get(0).message).contains("3 values").contains("dimension 2");
    }

    /** Runs a script to the end of input; returns every output and snapshot, and adds the dead letters to {@code dead}. */
    private static List<String> run(List<StoredCommand> initial, List<DeadLetterEvent> dead, Script script)
            throws Exception {
        try (StampedWindows job = StampedWindows.open(CONFIG, initial)) {
            script.run(job);
            job.watermark(Long.MAX_VALUE);
            List<String> out = new ArrayList<>(job.windows().takeOutputs());
            out.addAll(job.windows().takeSnapshots());
            dead.addAll(job.takeDeadLetters());
            return out;
        }
    }
}
