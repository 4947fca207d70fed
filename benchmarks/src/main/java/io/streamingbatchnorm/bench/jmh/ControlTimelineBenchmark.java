package io.streamingbatchnorm.bench.jmh;

import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.ControlTimeline;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.control.CommandBook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A record of a key whose timeline is not cached (more keys than the cache holds): the job's command book, which
 * builds it from the key's own commands and those for every key, against scanning every command known, as the
 * job did before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ControlTimelineBenchmark {
    @Param({"10000"})
    public int commands;

    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();
    private final List<Command> all = new ArrayList<>();
    private CommandBook book;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        book = new CommandBook(CONFIG);
        for (int i = 0; i < commands; i++) {
            Command c = new Command(
                    "c" + i,
                    "key-" + i,
                    i % 2 == 0 ? CommandType.EVAL : CommandType.TRAIN,
                    1000L * i,
                    null,
                    null,
                    null,
                    null,
                    null,
                    i);
            all.add(c);
            book.add(c);
        }
        Command everyKey = new Command("all", "*", CommandType.SET_PARAMS, 0L, null, null, 0.95, null, null, -1);
        all.add(everyKey);
        book.add(everyKey);
    }

    /** Twice as many keys as the cache holds, in turn: every lookup misses. */
    private String nextKey() {
        next = (next + 1) % 20_000;
        return "key-" + next;
    }

    @Benchmark
    public ControlTimeline indexedByKey() {
        return book.timeline(nextKey(), 4);
    }

    /** Reference, the job's earlier way: every command known is looked at for each uncached key. */
    @Benchmark
    public ControlTimeline scanEveryCommand() {
        String key = nextKey();
        List<Command> applicable = new ArrayList<>();
        for (Command c : all) {
            if (c.appliesTo(key)) {
                applicable.add(c);
            }
        }
        return ControlTimeline.of(applicable, 4, CONFIG);
    }
}
