package io.streamingbatchnorm.flink.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.flink.TestStreams;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs as people have them: gzip-compressed JSON lines, and CSV with a header, as the weather data comes. */
class ReplayFormatsITCase {
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(8).build();

    @TempDir
    Path dir;

    @Test
    void gzipInputsAndOutputsGiveThePlainFilesLines() throws Exception {
        List<TestStreams.Line> lines = TestStreams.roundRobin(4, 3, 300, 3, 10);
        Path plain = TestStreams.write(dir.resolve("in.jsonl"), lines);
        Path gz = dir.resolve("in.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
            out.write("not json\n".getBytes(StandardCharsets.UTF_8));
        }
        ReplayFiles expected = new ReplayFiles(plain, dir.resolve("plain.jsonl"), null, dir.resolve("s1.jsonl"), null);
        ReplayFiles actual = new ReplayFiles(gz, dir.resolve("out.jsonl.gz"), null, dir.resolve("s2.jsonl.gz"), null);

        Replay.run(expected, CONFIG, 2);
        ReplaySummary summary = Replay.run(actual, CONFIG, 2);

        assertThat(summary.inputLines()).isEqualTo(901);
        assertThat(actual.dlqOutput().getFileName().toString()).isEqualTo("out.dlq.jsonl.gz");
        assertThat(gunzip(actual.output())).isEqualTo(Files.readAllLines(expected.output()));
        assertThat(gunzip(actual.statsOutput())).isEqualTo(Files.readAllLines(expected.statsOutput()));
        assertThat(gunzip(actual.dlqOutput())).singleElement().asString().contains("\"line\":901", "UNPARSEABLE");
    }

    @Test
    void theWeatherCsvGivesTheNumbersOfTheWeatherJsonLines() throws Exception {
        // Count batches that close by count only: the CSV lists one city after the other, so watermarks differ.
        NormalizerConfig config = NormalizerOptions.parse(Map.of("batch-size", "7", "max-batch-delay", "3650d"));
        CsvColumns columns = CsvColumns.of(
                Path.of("..", "examples", "weather.csv"), 1 << 20, "location", "date", "precipitation..wind", null);
        ReplayFiles csv = new ReplayFiles(
                Path.of("..", "examples", "weather.csv"), dir.resolve("csv.jsonl"), null, null, null, 1 << 20, columns);
        ReplayFiles json = new ReplayFiles(
                Path.of("..", "examples", "weather.jsonl"), dir.resolve("json.jsonl"), null, null, null);

        assertThat(Replay.run(csv, config, 2).outputLines()).isEqualTo(2922);
        Replay.run(json, config, 2);

        Map<String, NormalizedRecord> fromJson = new HashMap<>();
        for (String l : Files.readAllLines(json.output())) {
            NormalizedRecord r = JsonLines.parseNormalizedRecord(l);
            fromJson.put(r.getKey() + "@" + r.getEventTime(), r);
        }
        for (String l : Files.readAllLines(csv.output())) {
            NormalizedRecord r = JsonLines.parseNormalizedRecord(l);
            NormalizedRecord same = fromJson.get(r.getKey() + "@" + r.getEventTime());
            assertThat(r.getValues()).as("%s", r).isEqualTo(same.getValues());
            assertThat(r.getStatsVersion()).isEqualTo(same.getStatsVersion());
        }
    }

    @Test
    void badCsvLinesAreDeadLettersNamingTheColumn() throws Exception {
        Path in = Files.write(
                dir.resolve("in.csv"),
                List.of(
                        "city,when,a,b",
                        "x,2020-01-01,1.5,2",
                        "x,2020-01-02T06:00:00Z,,NaN",
                        "x,1577923200000,3",
                        "x,yesterday,1,2",
                        "x,2020-01-03,1,two",
                        "\"x, y\",2020-01-03,1,2",
                        "x,2020-01-04,1,inf"));
        CsvColumns columns = CsvColumns.of(in, 1 << 20, "city", "when", "a..b", null);
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), null, null, null, 1 << 20, columns);

        ReplaySummary summary = Replay.run(files, CONFIG, 1);

        assertThat(summary.inputLines()).isEqualTo(7);
        assertThat(summary.outputLines()).isEqualTo(3);
        assertThat(summary.deadLettersByReason())
                .containsEntry("UNPARSEABLE", 3L)
                .containsEntry("INFINITE_VALUE", 1L);
        String dead = Files.readString(files.dlqOutput());
        assertThat(dead)
                .contains("\"line\":4", "column 'b' is field 4")
                .contains("\"line\":5", "column 'when': 'yesterday'")
                .contains("\"line\":6", "column 'b': 'two' is not a number");
        List<String> out = Files.readAllLines(files.output());
        assertThat(out)
                .anySatisfy(l -> assertThat(l).contains("\"event_time\":1577944800000", "\"values\":[null,null]"));
        assertThat(out).anySatisfy(l -> assertThat(l).contains("\"key\":\"x, y\""));
    }

    private static List<String> gunzip(Path file) throws IOException {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }
}
