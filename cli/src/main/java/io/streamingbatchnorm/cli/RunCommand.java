package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code normalize run}: the normalization job against real Kafka brokers. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header = "Run the streaming normalization job: Kafka topics in, Kafka topics out.",
        customSynopsis = {
            "normalize run --bootstrap-servers HOST:PORT[,...] [KAFKA AND FLINK FLAGS...]",
            "              [NORMALIZATION FLAGS...] [--bounded] [--detach] [-D KEY=VALUE]..."
        },
        description = {
            "Reads FeatureRecords from the features topic and ControlCommands from the control topic (Avro "
                    + "single-object encoding), and writes NormalizedRecords, compacted StatsSnapshots and "
                    + "DeadLetters, exactly once by default (read the outputs with isolation.level=read_committed; "
                    + "they become visible at each checkpoint).",
            "",
            "It first checks the brokers: reachable, every topic present, the control topic with one "
                    + "partition, a transaction timeout they accept. Then it starts the job and waits for it. "
                    + "Run from a terminal, the job runs on a Flink MiniCluster inside this process and Ctrl-C "
                    + "cancels it cleanly.",
            "",
            "With --jobmanager HOST:PORT the job runs on that Flink cluster: this command checks the brokers, "
                    + "builds the job and submits it with the job jar, as 'flink run' does.",
            "",
            "On a Flink cluster, submit the job jar (flink-job/target/streaming-batchnorm-job-VERSION.jar) with the "
                    + "Flink client; it takes exactly these flags:",
            "  flink run -d streaming-batchnorm-job-VERSION.jar \\",
            "      --detach --bootstrap-servers kafka:9092 --checkpoint-dir s3://bucket/ckpt",
            "It returns once the job is submitted; 'flink cancel JOB_ID' or 'flink stop JOB_ID' stops the job. Use "
                    + "--checkpoint-dir with durable storage there.",
            "",
            "Failures restart the job from its last checkpoint with Flink's default strategy for a checkpointed "
                    + "job (exponential delay), unless -Drestart-strategy.type=... says otherwise.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize run --bootstrap-servers localhost:9092",
            "",
            "  normalize run --bootstrap-servers kafka:9093 \\",
            "      --kafka-properties client-ssl.properties \\",
            "      --batch-size 64 --momentum 0.99 --parallelism 4 \\",
            "      --state-backend rocksdb --checkpoint-dir file:///var/lib/normalize/ckpt",
            "",
            "  # Normalize what the features topic holds now, then stop:",
            "  normalize run --bootstrap-servers localhost:9092 --bounded \\",
            "      --starting-offsets earliest",
            "",
            "  # On the local cluster of 'normalize cluster up', from a savepoint, at parallelism 3:",
            "  normalize run --jobmanager 127.0.0.1:8081 --bootstrap-servers 127.0.0.1:9092 --detach \\",
            "      --from-savepoint target/local-cluster/savepoints/savepoint-1a2b3c-4d5e6f --parallelism 3",
            "",
            "  # Stop at the first failure instead of restarting (a Flink setting):",
            "  normalize run --bootstrap-servers localhost:9092 \\",
            "      -Drestart-strategy.type=none"
        })
final class RunCommand implements Callable<Integer> {
    final OptionFlags job = new OptionFlags("%nKafka and Flink:%n", JobOptions.ALL);
    final OptionFlags normalization = OptionFlags.normalization();

    @Spec
    CommandSpec spec;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description = "A Flink configuration setting for the job, such as -Drestart-strategy.type=fixed-delay; "
                    + "repeatable. Default: Flink's defaults (a failed job restarts from its last checkpoint).")
    Map<String, String> flinkSettings = new LinkedHashMap<>();

    @Option(
            names = "--jobmanager",
            paramLabel = "HOST:PORT",
            description = "Submit the job jar to the Flink cluster whose REST API (and web UI) is at HOST:PORT, such "
                    + "as the one 'normalize cluster up' starts, instead of running the job in this process.")
    String jobManager;

    @Option(
            names = "--job-jar",
            paramLabel = "PATH",
            description = "The job jar --jobmanager submits. Default: flink-job/target/streaming-batchnorm-job-*.jar "
                    + "of the source checkout.")
    Path jobJar;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description = "Start from this savepoint or retained checkpoint (a directory, or a URI such as "
                    + "file:///... or s3://...), for an upgrade or a change of --parallelism.")
    String fromSavepoint;

    @Override
    public Integer call() throws Exception {
        OptionValues jobFlags = job.values();
        JobConfig jobConfig = JobOptions.from(jobFlags);
        NormalizerConfig config = NormalizerOptions.from(normalization.values());
        boolean detach = jobFlags.get(JobOptions.DETACH);
        Configuration flinkConf = Configuration.fromMap(flinkSettings);
        if (fromSavepoint != null) {
            flinkConf.set(
                    StateRecoveryOptions.SAVEPOINT_PATH, SavepointReading.location(fromSavepoint, "--from-savepoint"));
        }
        if (jobManager != null) {
            RemoteCluster.target(flinkConf, jobManager, jobJar);
        }
        boolean local = JobWatch.runsLocally() && jobManager == null;
        if (detach && local) {
            throw CliException.usage("--detach: only for 'flink run -d' on a Flink cluster; a job started from "
                    + "here runs inside this process and would end with it");
        }
        // Reports unreachable brokers as soon as the other commands do; the job's own broker checks follow.
        KafkaBrokers.of(jobConfig.bootstrapServers(), jobConfig.clientProperties())
                .requireReachable();
        JobClient client = KafkaJob.start(jobConfig, config, flinkConf);
        PrintWriter out = spec.commandLine().getOut();
        describe(out, client, jobConfig, local, detach);
        if (detach) {
            return 0;
        }
        return new JobWatch(client, out, spec.commandLine().getErr()).await(local);
    }

    private static void describe(PrintWriter out, JobClient client, JobConfig j, boolean local, boolean detach) {
        out.println("job " + client.getJobID() + " started "
                + (local ? "on a local Flink MiniCluster" : "on the Flink cluster")
                + " (parallelism " + j.parallelism() + ", " + ConfigOption.flagForm(j.delivery())
                + (j.delivery() == Delivery.EXACTLY_ONCE
                        ? ", output visible at each checkpoint, every " + Durations.format(j.checkpointInterval())
                        : "")
                + (j.bounded() ? ", bounded" : "") + ")");
        out.println("  reads   features <- " + j.featuresTopic() + ", control <- " + j.controlTopic() + " at "
                + j.bootstrapServers());
        out.println("  writes  normalized -> " + j.outputTopic() + ", statistics -> " + j.statsTopic()
                + ", dead letters -> " + j.dlqTopic() + ", drift -> " + j.driftTopic());
        if (!detach) {
            out.println(
                    local
                            ? "Ctrl-C cancels the job."
                            : "Ctrl-C stops this client only; 'flink cancel " + client.getJobID() + "' stops the job.");
        }
        out.flush();
    }
}
