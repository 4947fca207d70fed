package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.Prior;
import io.streamingbatchnorm.core.PriorPooling;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLineException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A stats file as {@code normalize replay --stats-output} writes it: one StatsSnapshot JSON line per key. */
final class StatsFile {
    private StatsFile() {}

    /**
     * Every key's snapshot in {@code file}.
     *
     * @throws CliException naming the file and the line when it is not a stats file
     */
    static List<StatsSnapshot> read(Path file, String flag) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.usage(
                    flag + ": cannot read '" + file + "': " + e.getClass().getSimpleName());
        }
        List<StatsSnapshot> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(JsonLines.parseStatsSnapshot(lines.get(i)));
            } catch (JsonLineException e) {
                throw CliException.usage(
                        flag + ": line " + (i + 1) + " of '" + file + "' is not a statistics" + " snapshot ("
                                + e.getMessage() + "); give a file written by 'normalize replay --stats-output'");
            }
        }
        if (out.isEmpty()) {
            throw CliException.usage(flag + ": '" + file + "' holds no statistics");
        }
        return out;
    }

    /** The prior of every key in {@code file}, pooled with the records each folded in as weights. */
    static Prior pooledPrior(Path file, double weight) {
        List<PriorPooling.KeyMoments> keys = new ArrayList<>();
        int dimension = -1;
        for (StatsSnapshot s : read(file, "--from-stats")) {
            double[] mean = CoreMapping.toDenseVector(s.getRunningMean());
            if (dimension >= 0 && mean.length != dimension) {
                throw CliException.usage("--from-stats: key '" + s.getKey() + "' has " + mean.length
                        + " features, the keys before it " + dimension + "; a prior needs keys of one dimension");
            }
            dimension = mean.length;
            keys.add(new PriorPooling.KeyMoments(
                    s.getKey(), s.getCount(), mean, CoreMapping.toDenseVector(s.getRunningVar())));
        }
        try {
            return PriorPooling.pool(keys, weight);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--from-stats: " + e.getMessage());
        }
    }
}
