package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/** A bounded replay from files to files (DESIGN 5): reads the control file, runs the job, writes every output. */
public final class Replay {
    private Replay() {}

    public static ReplaySummary run(ReplayFiles files, NormalizerConfig config, int parallelism) throws Exception {
        return run(files, config, parallelism, new Configuration());
    }

    public static ReplaySummary run(
            ReplayFiles files, NormalizerConfig config, int parallelism, Configuration flinkConf) throws Exception {
        ControlFile control = files.control() == null ? ControlFile.empty() : ControlFile.read(files.control(), config);
        try (ReplayWriter writer = new ReplayWriter(files)) {
            for (ControlFile.Refused r : control.refused()) {
                writer.deadLetter(new DeadLetterEvent(
                        r.text().getBytes(StandardCharsets.UTF_8),
                        null,
                        null,
                        null,
                        r.line(),
                        r.rejection().reason().name(),
                        "control file: " + r.rejection().message(),
                        0L));
            }
            ReplayJob.run(files, control, config, parallelism, flinkConf, writer);
            return writer.finish(countLines(files));
        }
    }

    private static long countLines(ReplayFiles files) throws IOException {
        try (Stream<String> lines = Files.lines(files.input())) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }
}
