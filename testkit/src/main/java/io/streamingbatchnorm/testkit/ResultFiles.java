package io.streamingbatchnorm.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads a replay's output files into typed results (doubles read back to the bits that were written). */
final class ResultFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultFiles() {}

    static ReplayResult read(ReplayFiles files) throws IOException {
        List<Output> outputs = new ArrayList<>();
        for (String line : Files.readAllLines(files.output(), StandardCharsets.UTF_8)) {
            NormalizedRecord r = JsonLines.parseNormalizedRecord(line);
            outputs.add(new Output(
                    r.getKey(),
                    r.getEventTime().toEpochMilli(),
                    r.getId(),
                    r.getAttributes(),
                    CoreMapping.toVector(r.getValues()),
                    Mode.valueOf(r.getMode().name()),
                    r.getStatsVersion(),
                    r.getBatchSize(),
                    r.getLate()));
        }
        Map<String, FinalStats> stats = new LinkedHashMap<>();
        for (String line : Files.readAllLines(files.statsOutput(), StandardCharsets.UTF_8)) {
            StatsSnapshot s = JsonLines.parseStatsSnapshot(line);
            stats.put(
                    s.getKey(),
                    new FinalStats(
                            s.getKey(),
                            s.getVersion(),
                            Mode.valueOf(s.getMode().name()),
                            s.getCount(),
                            CoreMapping.toVector(s.getRunningMean()),
                            CoreMapping.toVector(s.getRunningVar()),
                            CoreMapping.toVector(s.getGamma()),
                            CoreMapping.toVector(s.getBeta()),
                            s.getMomentum(),
                            s.getEpsilon()));
        }
        List<DeadLetter> dead = new ArrayList<>();
        for (String line : Files.readAllLines(files.dlqOutput(), StandardCharsets.UTF_8)) {
            JsonNode d = JSON.readTree(line);
            dead.add(new DeadLetter(
                    d.path("line").asLong(),
                    d.path("reason").asText(),
                    d.path("message").asText(),
                    d.path("original").asText(null)));
        }
        return new ReplayResult(outputs, stats, dead);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
