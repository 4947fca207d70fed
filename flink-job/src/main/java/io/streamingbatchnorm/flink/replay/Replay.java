package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.FlinkEnvironments;
import io.streamingbatchnorm.flink.JobStreams;
import io.streamingbatchnorm.flink.NormalizationPipeline;
import io.streamingbatchnorm.flink.model.ControlInput;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.OutputEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * A bounded replay from files to files (DESIGN 5): reads the control file, runs the normalization dataflow over
 * the input file (the same job graph as the Kafka job, with a file source and the control file known up front),
 * and writes every output.
 */
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
            execute(files, control, config, parallelism, flinkConf, writer);
            return writer.finish(countLines(files));
        }
    }

    private static long countLines(ReplayFiles files) throws IOException {
        try (Stream<String> lines = Files.lines(files.input())) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    /** The control stream of a replay without control commands: one placeholder element that yields nothing. */
    static final class NoCommands implements FlatMapFunction<Long, ControlInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Long ignored, Collector<ControlInput> out) {}
    }

    /** Builds and runs the replay job, handing every output to {@code sink} as it arrives. */
    private static void execute(
            ReplayFiles files,
            ControlFile control,
            NormalizerConfig config,
            int parallelism,
            Configuration flinkConf,
            ReplayWriter sink)
            throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.bounded(flinkConf, parallelism);
        WatermarkStrategy<InputEvent> watermarks = WatermarkStrategy.<InputEvent>forBoundedOutOfOrderness(
                        config.maxOutOfOrderness())
                .withTimestampAssigner((e, previous) -> e.timestamp());
        FileSource<InputEvent> source = FileSource.forRecordStreamFormat(
                        new FeatureLineFormat(config),
                        Path.fromLocalFile(files.input().toFile()))
                .build();
        DataStream<InputEvent> input =
                env.fromSource(source, watermarks, "replay input").setParallelism(1);

        List<ControlInput> commands = new ArrayList<>();
        for (StoredCommand c : control.commands()) {
            ControlInput in = new ControlInput();
            in.command = c;
            in.line = c.sequence;
            commands.add(in);
        }
        TypeInformation<ControlInput> controlType = TypeInformation.of(ControlInput.class);
        // fromData refuses an empty collection, and a replay without a control file is the common case.
        DataStream<ControlInput> controlStream = commands.isEmpty()
                ? env.fromSequence(0, 0)
                        .flatMap(new NoCommands())
                        .returns(controlType)
                        .setParallelism(1)
                : env.fromData(commands, controlType).setParallelism(1);

        JobStreams out = NormalizationPipeline.build(
                input, controlStream, control.commands(), config, new FileDeadLetterFactory());
        TypeInformation<OutputEvent> type = TypeInformation.of(OutputEvent.class);
        DataStream<OutputEvent> all = out.normalized()
                .map(OutputEvent::of)
                .returns(type)
                .union(
                        out.stats().map(OutputEvent::of).returns(type),
                        out.deadLetters().map(OutputEvent::of).returns(type));
        try (CloseableIterator<OutputEvent> results = all.executeAndCollect("streaming-batchnorm replay")) {
            while (results.hasNext()) {
                sink.accept(results.next());
            }
        }
    }
}
