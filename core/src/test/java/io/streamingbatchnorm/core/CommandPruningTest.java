package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CommandPruningTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();

    private static Command mode(String id, String key, CommandType type, Long at, long seq) {
        return new Command(id, key, type, at, null, null, null, null, null, seq);
    }

    private static Command affine(String id, String key, Long at, double[] gamma, double[] beta, long seq) {
        return new Command(id, key, CommandType.SET_AFFINE, at, gamma, beta, null, null, null, seq);
    }

    @Test
    void aSwitchIsDroppedOnceALaterSwitchForTheSameKeysIsSettled() {
        List<Command> commands = List.of(
                mode("e1", "k", CommandType.EVAL, 100L, 1),
                mode("t1", "k", CommandType.TRAIN, 200L, 2),
                mode("e2", "*", CommandType.EVAL, 300L, 3));

        assertThat(CommandPruning.superseded(commands, 150)).isEmpty();
        assertThat(CommandPruning.superseded(commands, 250)).containsExactly("e1");
        assertThat(CommandPruning.superseded(commands, 300)).containsExactlyInAnyOrder("e1", "t1");
    }

    @Test
    void aKeyedCommandNeverSupersedesOneForEveryKey() {
        List<Command> commands =
                List.of(mode("e1", "*", CommandType.EVAL, 100L, 1), mode("t1", "k", CommandType.TRAIN, 200L, 2));
        assertThat(CommandPruning.superseded(commands, 1000)).isEmpty();
    }

    @Test
    void vectorsOfAnotherLengthDoNotSupersedeAndResetsAreKept() {
        double[] two = {1, 2};
        double[] three = {1, 2, 3};
        List<Command> commands = List.of(
                affine("a2", "*", 100L, two, two, 1),
                affine("a3", "*", 200L, three, three, 2),
                affine("g2", "*", 300L, two, null, 3),
                mode("r", "*", CommandType.RESET, 400L, 4),
                mode("r2", "*", CommandType.RESET, 500L, 5));

        assertThat(CommandPruning.superseded(commands, 350)).isEmpty();
        assertThat(CommandPruning.superseded(commands, 450)).containsExactlyInAnyOrder("a2", "a3", "g2");
    }

    @Test
    void tenThousandSwitchesLeaveAFewCommands() {
        List<Command> kept = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            kept.add(mode("c" + i, "k" + (i % 3), i % 2 == 0 ? CommandType.EVAL : CommandType.TRAIN, 10L * i, i));
            long watermark = 10L * i - 50;
            Set<String> drop = CommandPruning.superseded(kept, watermark);
            kept.removeIf(c -> drop.contains(c.id()));
            assertThat(kept.size()).isLessThanOrEqualTo(20);
        }
    }

    /**
     * Dropping never changes the state of a record at or after the watermark, for any key and dimension: checked
     * against the timeline of every command.
     */
    @Property(tries = 300, seed = "4711")
    void onTimeRecordsGetTheSameStateWithoutTheDroppedCommands(
            @ForAll("seeds") long seed, @ForAll @LongRange(min = 0, max = 1000) long watermark) {
        Random r = new Random(seed);
        List<Command> commands = new ArrayList<>();
        String[] keys = {"*", "a", "b"};
        for (int i = 0; i < 30; i++) {
            String key = keys[r.nextInt(keys.length)];
            Long at = r.nextInt(10) == 0 ? null : (long) r.nextInt(1000);
            int dim = 2 + r.nextInt(2);
            double[] v = new double[dim];
            java.util.Arrays.fill(v, 1 + r.nextInt(3));
            commands.add(
                    switch (r.nextInt(6)) {
                        case 0 -> mode("c" + i, key, CommandType.EVAL, at, i);
                        case 1 -> mode("c" + i, key, CommandType.TRAIN, at, i);
                        case 2 -> affine("c" + i, key, at, r.nextBoolean() ? v : null, v, i);
                        case 3 ->
                            new Command(
                                    "c" + i,
                                    key,
                                    CommandType.SET_PARAMS,
                                    at,
                                    null,
                                    null,
                                    r.nextBoolean() ? 0.5 : null,
                                    1e-3,
                                    null,
                                    i);
                        case 4 -> Command.setPrior("c" + i, key, at, v, v, 2.0, null, i);
                        default -> mode("c" + i, key, CommandType.RESET, at, i);
                    });
        }
        Set<String> dropped = CommandPruning.superseded(commands, watermark);
        List<Command> kept =
                commands.stream().filter(c -> !dropped.contains(c.id())).toList();
        for (String key : new String[] {"a", "b", "c"}) {
            for (int dim = 2; dim <= 3; dim++) {
                List<Command> all =
                        commands.stream().filter(c -> c.appliesTo(key)).toList();
                List<Command> some = kept.stream().filter(c -> c.appliesTo(key)).toList();
                ControlTimeline full = ControlTimeline.of(all, dim, CONFIG);
                ControlTimeline pruned = ControlTimeline.of(some, dim, CONFIG);
                for (long t = watermark; t <= 1000; t += 7) {
                    assertThat(pruned.at(t))
                            .as("key %s dim %d at %d", key, dim, t)
                            .isEqualTo(full.at(t));
                }
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }
}
