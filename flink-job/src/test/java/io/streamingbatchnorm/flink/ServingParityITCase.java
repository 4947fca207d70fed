package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.MissingPolicy;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.kafka.ServingNormalizer;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.ById;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving application and the Flink job normalize in eval mode with the same code: fed the same
 * records and the snapshot the job published, the serving output equals the job's, bit for bit.
 */
class ServingParityITCase {
    @TempDir
    Path dir;

    @Test
    void servingOutputIsBitIdenticalToTheJobsEvalOutput() throws Exception {
        List<TestStreams.Line> lines = TestStreams.drifting(41, 3, 600, 5, 100, 0.05);
        long evalFrom = TestStreams.T0 + 300 * 100;
        Path control = Files.write(
                dir.resolve("control.jsonl"),
                List.of(
                        "{\"id\":\"e\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + evalFrom + "}",
                        "{\"id\":\"a\",\"key\":\"key-2\",\"command\":\"SET_AFFINE\",\"effective_time\":" + evalFrom
                                + ",\"gamma\":[1.5,0.25,2,1,3],\"beta\":[0.5,-1,0,0.125,7]}"));
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(16)
                .missing(MissingPolicy.IMPUTE)
                .build();
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), control, dir.resolve("stats.jsonl"), null);
        Replay.run(files, config, 2);

        Map<String, StatsSnapshot> snapshots = ById.index(
                Files.readAllLines(files.statsOutput()).stream()
                        .map(JsonLines::parseStatsSnapshot)
                        .toList(),
                StatsSnapshot::getKey);
        Map<String, FeatureRecord> inputs =
                ById.index(lines, TestStreams.Line::id, l -> JsonLines.parseFeatureRecord(l.json()));
        int compared = 0;
        for (String l : Files.readAllLines(files.output())) {
            NormalizedRecord job = JsonLines.parseNormalizedRecord(l);
            if (job.getMode() != Mode.EVAL) {
                continue;
            }
            StatsSnapshot snapshot = snapshots.get(job.getKey());
            assertThat(job.getStatsVersion()).isEqualTo(snapshot.getVersion());
            NormalizedRecord served = ServingNormalizer.normalize(inputs.get(job.getId()), snapshot, config);
            assertThat(bits(served)).as(job.getId()).isEqualTo(bits(job));
            compared++;
        }
        assertThat(compared).isEqualTo(300);
    }

    private static String bits(NormalizedRecord r) {
        StringBuilder b = new StringBuilder(r.getKey())
                .append('|')
                .append(r.getStatsVersion())
                .append('|');
        for (Double v : r.getValues()) {
            b.append(v == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(v)))
                    .append(',');
        }
        return b.toString();
    }
}
