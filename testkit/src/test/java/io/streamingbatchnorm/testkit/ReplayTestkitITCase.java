package io.streamingbatchnorm.testkit;

import static io.streamingbatchnorm.testkit.ReplayAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.core.Mode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testkit end to end: records and commands in, typed outputs, statistics and dead letters out. */
@ExtendWith(ReplayExtension.class)
class ReplayTestkitITCase {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void trainBatchesAreNormalizedAndEvalOutputsUseTheFrozenStatistics(Replayer replayer) throws Exception {
        ReplayRun run = replayer.replay()
                .option("batch-size", "4")
                .command(Command.eval("*").at(T0 + 16_000))
                .command(Command.setAffine("k1", new double[] {2, 2}, new double[] {1, -1})
                        .at(T0));
        Random random = new Random(3);
        for (int i = 0; i < 24; i++) {
            String key = "k" + (i % 2);
            run.record(key, T0 + i * 1000L, "r" + i, 10 + random.nextGaussian(), -5 + 3 * random.nextGaussian());
        }

        ReplayResult result = run.run();

        assertThat(result).hasNoDeadLetters().hasOutputCount(24);
        assertThat(result)
                .key("k0")
                .switchedToEvalAt(T0 + 16_000)
                .evalOutputsUsedVersion(2)
                .hasFinalVersion(2);
        assertThat(result).key("k1").evalOutputsUsedVersion(2).endedInMode(Mode.EVAL);
        assertThat(result)
                .batchOf("r0")
                .hasSize(4)
                .hasNormalizedMean(new double[] {0, 0}, within(1e-12))
                .hasNormalizedVariance(new double[] {1, 1}, within(1e-3));
        assertThat(result).batchOf("r1").hasNormalizedMean(new double[] {1, -1}, within(1e-12));
        assertThat(result.finalStats("k1").gamma()).containsExactly(2.0, 2.0);
        assertThat(result.output("r20").mode()).isEqualTo(Mode.EVAL);
        assertThat(result.output("r20").batchSize()).isEqualTo(1);
    }

    @Test
    void refusedRecordsAreDeadLettersWithTheirLineAndReason(Replayer replayer) throws Exception {
        ReplayResult result = replayer.replay()
                .record("k", T0, "a", 1, 2)
                .record("k", T0 + 1, "b", 1, 2, 3)
                .line("not json")
                .record("k", T0 + 2, "c", 1, Double.POSITIVE_INFINITY)
                .record("k", T0 + 3, "d", 3, Double.NaN)
                .run();

        assertThat(result)
                .hasOutputCount(2)
                .hasDeadLetter(2, "WRONG_DIMENSION")
                .hasDeadLetter(3, "UNPARSEABLE")
                .hasDeadLetter(4, "INFINITE_VALUE");
        assertThat(result.output("d").values()[1]).isNaN();
    }

    @Test
    void theSameInputGivesTheSameBitsAtAnyParallelism(Replayer replayer) throws Exception {
        ReplayResult one = replayOf(replayer, 1);
        ReplayResult two = replayOf(replayer, 2);

        for (Output o : one.outputs()) {
            assertThat(two.output(o.id())).usingRecursiveComparison().isEqualTo(o);
        }
        assertThat(two.finalStats()).usingRecursiveComparison().isEqualTo(one.finalStats());
    }

    private static ReplayResult replayOf(Replayer replayer, int parallelism) throws Exception {
        ReplayRun run = replayer.replay().parallelism(parallelism).option("batch-size", "8");
        Random random = new Random(9);
        for (int i = 0; i < 500; i++) {
            run.record("key-" + (i % 5), T0 + i, "r" + i, random.nextGaussian(), random.nextGaussian() * 100);
        }
        return run.run();
    }
}
