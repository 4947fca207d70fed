package io.streamingbatchnorm.flink.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.TestStreams;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files as people have them (a byte order mark, Windows line ends, a line that is not UTF-8, a line longer than
 * the limit) replay to the same outputs as a clean file, with the unreadable lines as dead letters; and a replay
 * that fails leaves the previous outputs as they were.
 */
class ReplayInputsITCase {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(8).build();
    private static final String CONTROL =
            "{\"id\":\"c1\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + (TestStreams.T0 + 150 * 10) + "}";

    @TempDir
    Path dir;

    @Test
    void aMessyFileGivesTheOutputsOfTheCleanOneAndADeadLetterPerUnreadableLine() throws Exception {
        List<TestStreams.Line> lines = TestStreams.roundRobin(3, 2, 100, 3, 10);
        Path clean = TestStreams.write(dir.resolve("clean.jsonl"), lines);
        Path cleanControl = Files.writeString(dir.resolve("clean-control.jsonl"), CONTROL + "\n");
        ByteArrayOutputStream messy = new ByteArrayOutputStream();
        messy.write(BOM);
        for (int i = 0; i < lines.size(); i++) {
            messy.write((lines.get(i).json() + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (i == 10) {
                messy.write(new byte[] {'{', '"', 'k', (byte) 0xFF, '"', '}', '\r', '\n'});
            }
            if (i == 20) {
                messy.write(("{\"key\":\"" + "k".repeat(8000) + "\"}\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Path messyIn = Files.write(dir.resolve("messy.jsonl"), messy.toByteArray());
        Path messyControl = Files.write(
                dir.resolve("messy-control.jsonl"),
                concat(BOM, (CONTROL + "\r\n").getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC0, '\r', '\n'}));

        ReplayFiles expected = new ReplayFiles(clean, dir.resolve("clean-out.jsonl"), cleanControl, null, null, 4096);
        ReplayFiles actual = new ReplayFiles(messyIn, dir.resolve("messy-out.jsonl"), messyControl, null, null, 4096);
        ReplaySummary cleanRun = Replay.run(expected, CONFIG, 1);
        ReplaySummary messyRun = Replay.run(actual, CONFIG, 1);

        assertThat(cleanRun.deadLetters()).isZero();
        assertThat(messyRun.outputLines()).isEqualTo(lines.size());
        assertThat(messyRun.inputLines()).isEqualTo(lines.size() + 2);
        assertThat(Files.readAllLines(actual.output())).isEqualTo(Files.readAllLines(expected.output()));
        assertThat(messyRun.deadLettersByReason())
                .containsEntry("UNDECODABLE", 2L)
                .containsEntry("LINE_TOO_LONG", 1L);
        List<String> dead = Files.readAllLines(actual.dlqOutput());
        assertThat(dead).hasSize(3);
        assertThat(dead).anySatisfy(d -> assertThat(d).contains("\"line\":12", "UNDECODABLE", "not valid UTF-8"));
        assertThat(dead).anySatisfy(d -> assertThat(d).contains("\"line\":23", "LINE_TOO_LONG", "--max-line-bytes"));
        assertThat(dead).anySatisfy(d -> assertThat(d).contains("\"line\":2", "UNDECODABLE", "control file"));
    }

    @Test
    void aReplayThatFailsLeavesThePreviousOutputsUntouched() throws Exception {
        Path out = Files.writeString(dir.resolve("out.jsonl"), "previous\n");
        Path dlq = Files.writeString(dir.resolve("out.dlq.jsonl"), "previous dead letters\n");
        ReplayFiles files = new ReplayFiles(dir.resolve("gone.jsonl"), out, null, null, null);

        assertThatThrownBy(() -> Replay.run(files, CONFIG, 1)).isNotNull();

        assertThat(Files.readString(out)).isEqualTo("previous\n");
        assertThat(Files.readString(dlq)).isEqualTo("previous dead letters\n");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("out.jsonl", "out.dlq.jsonl");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
