package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.ById;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code normalize demo --dataset weather}: the bundled NOAA data, one key per city, weekly event-time
 * micro-batches, eval mode from 2015 on.
 */
class DemoWeatherITCase {
    private static final long EVAL_FROM = Instant.parse("2015-01-01T00:00:00Z").toEpochMilli();
    private static final long WEEK = Duration.ofDays(7).toMillis();

    @TempDir
    static Path dir;

    private static Cli.Result demo;
    private static JsonNode summary;
    private static List<NormalizedRecord> records;

    @BeforeAll
    static void runDemo() throws Exception {
        demo = Cli.run(
                "demo",
                "--dataset",
                "weather",
                "--output-dir",
                dir.resolve("out").toString(),
                "--chart",
                dir.resolve("weather.png").toString(),
                "--summary-json",
                dir.resolve("summary.json").toString());
        assertThat(demo.exitCode()).as("%s", demo).isZero();
        summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        records = Files.readAllLines(dir.resolve("out/normalized.jsonl")).stream()
                .map(JsonLines::parseNormalizedRecord)
                .toList();
    }

    @Test
    void everyObservationIsNormalizedInWeeklyBatchesUntil2015AndInEvalModeFromThenOn() throws Exception {
        assertThat(demo.out()).contains("New York", "Seattle", "temp_max_c");
        assertThat(demo.err())
                .contains("event-time micro-batches of 7d", "New York, Seattle from 2015-01-01T00:00:00Z");
        assertThat(summary.get("produced").asInt()).isEqualTo(2922);
        assertThat(summary.get("normalized").asInt()).isEqualTo(2922);
        assertThat(summary.get("dead_letters").asInt()).isZero();
        assertThat(records)
                .hasSize(2922)
                .allSatisfy(r -> assertThat(r.getMode())
                        .isEqualTo(r.getEventTime().toEpochMilli() >= EVAL_FROM ? Mode.EVAL : Mode.TRAIN));
        // A train batch is one city's week: a tumbling event-time window of 7 days.
        Map<String, List<NormalizedRecord>> batches = records.stream()
                .filter(r -> r.getMode() == Mode.TRAIN)
                .collect(Collectors.groupingBy(r -> r.getKey() + "/" + r.getStatsVersion()));
        assertThat(batches).hasSize(2 * 157);
        assertThat(batches.values()).allSatisfy(batch -> {
            assertThat(batch).hasSize(batch.get(0).getBatchSize());
            assertThat(batch.stream()
                            .map(r -> r.getEventTime().toEpochMilli() / WEEK)
                            .distinct())
                    .hasSize(1);
        });
        for (JsonNode key : summary.get("keys")) {
            for (JsonNode feature : key.get("features")) {
                assertThat(Math.abs(feature.get("train").get("norm_mean").asDouble()))
                        .as("%s", feature)
                        .isLessThan(1e-9);
            }
        }
        BufferedImage chart = ImageIO.read(dir.resolve("weather.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(1200);
        assertThat(chart.getHeight()).isEqualTo(800);
    }

    @Test
    void evalOutputsUseTheStatisticsOfEveryWeekBefore2015AndEqualAReplay() throws Exception {
        for (JsonNode key : summary.get("keys")) {
            assertThat(key.get("mode").asText()).isEqualTo("EVAL");
            assertThat(key.get("eval_versions")).hasSize(1);
            assertThat(key.get("eval_versions").get(0).asLong())
                    .isEqualTo(157)
                    .isEqualTo(key.get("version").asLong());
        }
        Path out = dir.resolve("out");
        Cli.Result replay = Cli.run(
                "replay",
                "--input",
                out.resolve("input.jsonl").toString(),
                "--control",
                out.resolve("control.jsonl").toString(),
                "--output",
                dir.resolve("replayed.jsonl").toString(),
                "--window",
                "7d");
        assertThat(replay.exitCode()).as("%s", replay).isZero();
        assertThat(byId(Files.readAllLines(dir.resolve("replayed.jsonl"))))
                .isEqualTo(byId(Files.readAllLines(out.resolve("normalized.jsonl"))));
    }

    /**
     * Each output line by its record's id, failing on a repeated id: the job interleaves the keys in any order,
     * the lines are compared whole.
     */
    private static Map<String, String> byId(List<String> lines) {
        return ById.index(lines, l -> JsonLines.parseNormalizedRecord(l).getId());
    }
}
