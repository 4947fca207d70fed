package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --key-ttl} on both state backends: a key idle for longer than the TTL returns with fresh statistics. */
class KeyTtlITCase {
    private static final NormalizerConfig CONFIG = NormalizerConfig.builder()
            .batchSize(4)
            .maxBatchDelay(Duration.ofSeconds(2))
            .keyTtl(Duration.ofMinutes(1))
            .build();

    @TempDir
    Path dir;

    @Test
    void anIdleKeyReturnsFromVersionZeroOnEitherBackend() throws Exception {
        // Key "idle" sends 8 records, is silent for 5 minutes while "busy" goes on, then sends 8 more.
        List<TestStreams.Line> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long t = TestStreams.T0 + i * 1_000L;
            lines.add(new TestStreams.Line("busy", t, new Double[] {i * 0.5, 1.0 + i % 7}, "b" + i));
            if (i < 8 || i >= 308 && i < 316) {
                lines.add(new TestStreams.Line("idle", t + 1, new Double[] {i * 0.1, 2.0 - i % 3}, "i" + i));
            }
        }
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);

        List<NormalizedRecord> heap = replay(in, "hashmap");
        List<NormalizedRecord> rocks = replay(in, "rocksdb");

        assertThat(rocks).isEqualTo(heap);
        List<Long> idleVersions = heap.stream()
                .filter(r -> r.getKey().equals("idle"))
                .map(NormalizedRecord::getStatsVersion)
                .toList();
        assertThat(idleVersions).containsExactly(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L);
        assertThat(heap.stream()
                        .filter(r -> r.getKey().equals("busy"))
                        .mapToLong(NormalizedRecord::getStatsVersion)
                        .max())
                .hasValue(100L);
    }

    private List<NormalizedRecord> replay(Path in, String backend) throws Exception {
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, backend);
        ReplayFiles files = new ReplayFiles(in, dir.resolve(backend + ".jsonl"), null, null, null);
        Replay.run(files, CONFIG, 2, flink);
        List<NormalizedRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(files.output())) {
            out.add(JsonLines.parseNormalizedRecord(line));
        }
        out.sort((a, b) -> a.getId().compareTo(b.getId()));
        out.sort((a, b) ->
                Long.compare(a.getEventTime().toEpochMilli(), b.getEventTime().toEpochMilli()));
        return out;
    }
}
