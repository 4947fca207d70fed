package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.FlinkEnvironments;
import io.streamingbatchnorm.flink.JobStreams;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A bounded replay from files to files (DESIGN 5): reads the control file, runs the normalization dataflow over
 * the input file (the same job graph as the Kafka job, with a file source and the control file known up front),
 * and writes every output. Each parallel subtask formats and writes its own outputs; the parts are joined in
 * subtask order when the job has finished, so a key's lines keep the order in which the job emitted them.
 */
public final class Replay {
    private Replay() {}

    public static ReplaySummary run(ReplayFiles files, NormalizerConfig config, int parallelism) throws Exception {
        return run(files, config, parallelism, new Configuration());
    }

    /** Runs the replay on a cluster of its own, started for it and stopped after it. */
    public static ReplaySummary run(
            ReplayFiles files, NormalizerConfig config, int parallelism, Configuration flinkConf) throws Exception {
        CompletableFuture<ReplayCluster> cluster = ReplayCluster.startInBackground(parallelism, flinkConf);
        try {
            return run(files, config, parallelism, flinkConf, cluster);
        } finally {
            closeWhenStarted(cluster);
        }
    }

    /**
     * Runs the replay on {@code cluster}, which may still be starting: the control file is read and the job graph
     * built meanwhile.
     */
    public static ReplaySummary run(
            ReplayFiles files,
            NormalizerConfig config,
            int parallelism,
            Configuration flinkConf,
            CompletableFuture<ReplayCluster> cluster)
            throws Exception {
        ControlFile control = files.control() == null
                ? ControlFile.empty()
                : ControlFile.read(files.control(), config, files.maxLineBytes());
        try (ReplayWriter writer = new ReplayWriter(files)) {
            for (ControlFile.Refused r : control.refused()) {
                writer.deadLetter(new DeadLetterEvent(
                        r.original(),
                        null,
                        null,
                        null,
                        r.line(),
                        r.rejection().reason().name(),
                        "control file: " + r.rejection().message(),
                        0L));
            }
            StreamExecutionEnvironment env = FlinkEnvironments.bounded(flinkConf, parallelism);
            JobStreams out = ReplayGraph.build(
                    env, input(env, files, config), control.commands(), config, new FileDeadLetterFactory());
            writer.expectParts(env.getParallelism());
            terminate(
                    out.normalized()
                            .process(new WriteNormalized(writer.outputBase(), Compression.gzip(files.output()))),
                    "write output");
            terminate(
                    out.deadLetters()
                            .process(new WriteDeadLetters(writer.dlqBase(), Compression.gzip(files.dlqOutput()))),
                    "write dead letters");
            terminate(out.stats().process(new WriteFinalStats(writer.statsBase(), false)), "write final statistics");
            terminate(
                    out.drift().process(new WriteDrift(writer.driftBase(), Compression.gzip(files.driftOutput()))),
                    "write drift events");
            JobExecutionResult result = started(cluster).execute(env, "streaming-batchnorm replay");
            return writer.finishParts(result);
        }
    }

    /** The cluster once it has started, or the reason it could not. */
    static ReplayCluster started(CompletableFuture<ReplayCluster> cluster) throws Exception {
        try {
            return cluster.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Stops the cluster once it has started; nothing if it failed to start. */
    public static void closeWhenStarted(CompletableFuture<ReplayCluster> cluster) throws Exception {
        ReplayCluster c;
        try {
            c = cluster.get();
        } catch (ExecutionException e) {
            return;
        }
        c.close();
    }

    /** The input file, read by one reader in line order. */
    private static DataStream<InputEvent> input(
            StreamExecutionEnvironment env, ReplayFiles files, NormalizerConfig config) {
        FileSource<InputEvent> source = FileSource.forRecordStreamFormat(
                        new FeatureLineFormat(config, files.maxLineBytes(), files.csv()),
                        Path.fromLocalFile(files.input().toFile()))
                .build();
        return env.fromSource(source, ReplayGraph.watermarks(config), "replay input")
                .setParallelism(1)
                .map(new CountInput())
                .name("count input lines")
                .setParallelism(1);
    }

    private static void terminate(SingleOutputStreamOperator<Void> written, String name) {
        written.returns(Types.VOID).name(name).sinkTo(new DiscardingSink<>()).name(name + " (end)");
    }
}
