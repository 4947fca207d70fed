package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.Prior;
import io.streamingbatchnorm.core.PriorPooling;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLineException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stats file as {@code normalize replay --stats-output} writes it: one StatsSnapshot JSON line per key. Blank lines
 * are skipped; a UTF-8 byte order mark and CRLF line ends are accepted. A file that is not one is refused naming the
 * flag that gave it and the first line that is not a snapshot.
 */
final class StatsFile {
    private StatsFile() {}

    /**
     * Every snapshot in {@code file}, in file order.
     *
     * @throws CliException naming {@code flag}, the file and the line when it is not a stats file
     */
    static List<StatsSnapshot> read(Path file, String flag) {
        List<StatsSnapshot> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(JsonLines.parseStatsSnapshot(line));
                } catch (JsonLineException e) {
                    throw CliException.usage(flag + ": line " + number + " of '" + file
                            + "' is not a statistics snapshot (" + e.getMessage()
                            + "); give a file written by 'normalize replay --stats-output'");
                }
            }
        } catch (NoSuchFileException e) {
            throw CliException.usage(flag + ": no such file '" + file + "'");
        } catch (CharacterCodingException e) {
            throw CliException.usage(flag + ": '" + file + "' is not UTF-8 text; give a file written by 'normalize"
                    + " replay --stats-output'");
        } catch (IOException e) {
            throw CliException.usage(
                    flag + ": cannot read '" + file + "': " + e.getClass().getSimpleName());
        }
        if (out.isEmpty()) {
            throw CliException.usage(flag + ": '" + file + "' holds no statistics snapshot");
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
