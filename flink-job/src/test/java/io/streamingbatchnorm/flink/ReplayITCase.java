package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.flink.replay.ReplaySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays files through the job on a local MiniCluster and checks the numbers against an independent computation. */
class ReplayITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void countBatchesMatchAnIndependentTwoPassComputation() throws Exception {
        List<TestStreams.Line> lines = TestStreams.drifting(1, 3, 500, 4, 10, 0.05);
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        NormalizerConfig config = NormalizerConfig.builder().batchSize(16).build();
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), null, dir.resolve("stats.jsonl"), null);

        ReplaySummary summary = Replay.run(files, config, 2);

        assertThat(summary.outputLines()).isEqualTo(500);
        assertThat(summary.deadLetters()).isZero();
        Map<String, JsonNode> outById = new HashMap<>();
        for (String l : Files.readAllLines(files.output())) {
            JsonNode n = JSON.readTree(l);
            outById.put(n.get("id").asText(), n);
        }
        Map<String, List<TestStreams.Line>> byKey = new LinkedHashMap<>();
        for (TestStreams.Line l : lines) {
            byKey.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
        }
        for (List<TestStreams.Line> keyLines : byKey.values()) {
            for (int from = 0; from < keyLines.size(); from += 16) {
                List<TestStreams.Line> batch = keyLines.subList(from, Math.min(keyLines.size(), from + 16));
                for (int j = 0; j < 4; j++) {
                    double[] expected = TwoPass.normalize(batch, j, 1e-5);
                    for (int i = 0; i < batch.size(); i++) {
                        JsonNode out = outById.get(batch.get(i).id());
                        assertThat(out.get("batch_size").asInt()).isEqualTo(batch.size());
                        assertThat(out.get("mode").asText()).isEqualTo("TRAIN");
                        JsonNode v = out.get("values").get(j);
                        if (Double.isNaN(expected[i])) {
                            assertThat(v.isNull()).isTrue();
                        } else {
                            assertThat(v.asDouble()).isCloseTo(expected[i],
                                    org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(expected[i]))));
                        }
                    }
                }
            }
        }
        assertThat(Files.readAllLines(files.statsOutput())).hasSize(3);
    }

    /** Two-pass batch normalization of one feature, written independently of the core. */
    static final class TwoPass {
        static double[] normalize(List<TestStreams.Line> batch, int j, double epsilon) {
            double sum = 0;
            int n = 0;
            for (TestStreams.Line l : batch) {
                if (l.values()[j] != null) {
                    sum += l.values()[j];
                    n++;
                }
            }
            double mean = sum / n;
            double ss = 0;
            for (TestStreams.Line l : batch) {
                if (l.values()[j] != null) {
                    ss += (l.values()[j] - mean) * (l.values()[j] - mean);
                }
            }
            double var = ss / n;
            double[] y = new double[batch.size()];
            for (int i = 0; i < y.length; i++) {
                Double x = batch.get(i).values()[j];
                y[i] = x == null ? Double.NaN : (x - mean) / Math.sqrt(var + epsilon);
            }
            return y;
        }
    }
}
