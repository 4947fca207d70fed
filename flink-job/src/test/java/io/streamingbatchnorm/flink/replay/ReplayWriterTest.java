package io.streamingbatchnorm.flink.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.OutputEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay's outputs replace the previous ones only when it finishes; one that fails leaves them untouched. */
class ReplayWriterTest {
    @TempDir
    Path dir;

    private ReplayFiles files() throws Exception {
        Path in = Files.writeString(dir.resolve("in.jsonl"), "");
        return new ReplayFiles(in, dir.resolve("out.jsonl"), null, dir.resolve("stats.jsonl"), null);
    }

    private static OutputEvent normalized(String id) {
        FeatureEvent f = new FeatureEvent("k", 1L, id, null, new double[] {1.0}, -1, 1);
        return OutputEvent.of(new NormalizedEvent(f, new double[] {0.5}, Mode.TRAIN, 1, 1, false));
    }

    @Test
    void aRunThatDoesNotFinishLeavesThePreviousOutputsAndNoTemporaryFiles() throws Exception {
        ReplayFiles files = files();
        Files.writeString(files.output(), "previous output\n");
        Files.writeString(files.dlqOutput(), "previous dead letters\n");
        Files.writeString(files.statsOutput(), "previous stats\n");

        try (ReplayWriter writer = new ReplayWriter(files)) {
            writer.accept(normalized("r1"));
            // The run fails here: the writer is closed without finish().
        }

        assertThat(Files.readString(files.output())).isEqualTo("previous output\n");
        assertThat(Files.readString(files.dlqOutput())).isEqualTo("previous dead letters\n");
        assertThat(Files.readString(files.statsOutput())).isEqualTo("previous stats\n");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("in.jsonl", "out.jsonl", "out.dlq.jsonl", "stats.jsonl");
        }
    }

    @Test
    void aFinishedRunReplacesEveryOutput() throws Exception {
        ReplayFiles files = files();
        Files.writeString(files.output(), "previous output\n");

        try (ReplayWriter writer = new ReplayWriter(files)) {
            writer.accept(normalized("r1"));
            writer.finish(1);
        }

        assertThat(Files.readAllLines(files.output()))
                .singleElement()
                .asString()
                .contains("\"id\":\"r1\"");
        assertThat(Files.readString(files.dlqOutput())).isEmpty();
        assertThat(Files.readString(files.statsOutput())).isEmpty();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("in.jsonl", "out.jsonl", "out.dlq.jsonl", "stats.jsonl");
        }
    }
}
