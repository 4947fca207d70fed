package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayCluster;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;

/**
 * One replay, described fluently and run with {@link #run}: records, control commands, the normalization
 * configuration (the options of {@code normalize replay}, by flag name) and the parallelism. It runs the job graph
 * of {@code normalize replay} on the extension's cluster, so a test sees exactly what the command would write.
 */
public final class ReplayRun {
    private final CompletableFuture<ReplayCluster> cluster;
    private final int slots;
    private final Path workDir;
    private final List<String> lines = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private NormalizerConfig config;
    private int parallelism = 1;

    ReplayRun(CompletableFuture<ReplayCluster> cluster, int slots, Path workDir) {
        this.cluster = cluster;
        this.slots = slots;
        this.workDir = workDir;
    }

    /** A record; NaN marks a missing value. */
    public ReplayRun record(String key, long eventTime, String id, double... values) {
        return record(key, eventTime, id, null, values);
    }

    public ReplayRun record(String key, long eventTime, String id, Map<String, String> attributes, double... values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(Double.isNaN(v) ? null : v);
        }
        lines.add(JsonLines.writeFeatureRecord(
                new FeatureRecord(key, Instant.ofEpochMilli(eventTime), list, id, attributes)));
        return this;
    }

    /** An input line as it would be in a replay file, for example a malformed one. */
    public ReplayRun line(String jsonLine) {
        lines.add(jsonLine);
        return this;
    }

    public ReplayRun command(Command command) {
        commands.add(command);
        return this;
    }

    /** A normalization option by its flag name without dashes, as text: {@code option("batch-size", "16")}. */
    public ReplayRun option(String flag, String value) {
        options.put(flag, value);
        return this;
    }

    /** A configuration built in code; replaces any {@link #option}. */
    public ReplayRun config(NormalizerConfig config) {
        this.config = config;
        return this;
    }

    public ReplayRun parallelism(int parallelism) {
        if (parallelism < 1 || parallelism > slots) {
            throw new IllegalArgumentException("parallelism must be between 1 and the cluster's " + slots
                    + " slots (ReplayExtension.slots), got " + parallelism);
        }
        this.parallelism = parallelism;
        return this;
    }

    /** Runs the replay to its end and returns what it produced; throws if the job fails. */
    public ReplayResult run() throws Exception {
        NormalizerConfig c = config != null ? config : NormalizerOptions.parse(options);
        Path dir = Files.createTempDirectory(workDir, "replay");
        try {
            Path input = write(dir.resolve("input.jsonl"), lines);
            List<String> control = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                control.add(commands.get(i).line("c" + (i + 1)));
            }
            Path controlFile = control.isEmpty() ? null : write(dir.resolve("control.jsonl"), control);
            ReplayFiles files =
                    new ReplayFiles(input, dir.resolve("output.jsonl"), controlFile, dir.resolve("stats.jsonl"), null);
            Replay.run(files, c, parallelism, new Configuration(), cluster);
            return ResultFiles.read(files);
        } finally {
            ResultFiles.delete(dir);
        }
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String l : lines) {
                out.write(l);
                out.write('\n');
            }
        }
        return file;
    }
}
