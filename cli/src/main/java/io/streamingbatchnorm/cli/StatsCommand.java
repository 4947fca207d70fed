package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.cli.kafka.PendingCommands;
import io.streamingbatchnorm.cli.kafka.StatsReader;
import io.streamingbatchnorm.core.config.KafkaOptions;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.core.config.PropertiesFile;
import io.streamingbatchnorm.flink.kafka.BrokerCheckException;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code normalize stats}: the latest statistics snapshot of each key (or a chosen version of one), from the
 * compacted stats topic, a savepoint of the job, or the stats file of a replay.
 */
@Command(
        name = "stats",
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header = "Show the latest running statistics of each key, or export a key's as a PyTorch or Keras layer.",
        customSynopsis = {
            "normalize stats --bootstrap-servers HOST:PORT[,...] [--stats-topic TOPIC] [--control-topic TOPIC]",
            "                [--kafka-properties FILE] [--key KEY [--version V]] [--format table|json]",
            "                [--features N] [--key KEY --export pytorch|keras [EXPORT FLAGS]]",
            "normalize stats --savepoint PATH [--key KEY] [--format table|json] [--export ...]",
            "normalize stats --from STATS.jsonl [--key KEY [--version V]] [--format table|json] [--export ...]"
        },
        description = {
            "Reads the compacted statistics topic from its beginning to its current end (committed records "
                    + "only) and keeps the latest snapshot of each key: the highest reset generation and version. Then lists "
                    + "the commands of the control topic that wait for a key with no statistics (the job keeps them "
                    + "until the key's first record), so that a command sent to a misspelled key shows up.",
            "",
            "With --savepoint, reads every key's statistics from a savepoint or retained checkpoint of the job "
                    + "instead (Flink's State Processor API, on a local MiniCluster): what the job held when the "
                    + "savepoint was taken, for an audit or when the statistics topic is gone. With --from, reads the "
                    + "statistics file a replay wrote (--stats-output): the offline path from training data to a "
                    + "model's layer, without Kafka.",
            "",
            "--version picks one version of the --key instead of the latest: N (a key never reset) or G:N "
                    + "(version N of reset generation G), among those the source holds (a compacted topic keeps the "
                    + "last of each key once compacted; a savepoint and a replay's file hold the final one).",
            "",
            "--export writes the key's layer as JSON, its numbers exactly as the job normalizes with them. "
                    + "pytorch: 'eps', 'momentum' and a 'state_dict' of torch.nn.BatchNorm1d (weight, bias, "
                    + "running_mean, running_var, num_batches_tracked = the stats version). keras: 'epsilon', "
                    + "'momentum' and the 'weights' of keras.layers.BatchNormalization (gamma, beta, moving_mean, "
                    + "moving_variance). A layer that goes on training folds its batches into the statistics: "
                    + "PyTorch the unbiased variance (momentum 1 - the job's, or None for --running average), Keras "
                    + "the biased one (the job's momentum), so a trainable layer is written only for statistics of "
                    + "that kind (--running ema or average, --running-variance unbiased for PyTorch; --running ema, "
                    + "--running-variance biased for Keras, which has no momentum for average: its export writes "
                    + "momentum null and says so in momentum_unsupported). Other statistics are refused, unless --frozen asks for "
                    + "a layer whose momentum keeps them as they are. A snapshot that does not say how its "
                    + "statistics were computed needs --running and --running-variance, as the job or replay ran.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize stats --bootstrap-servers kafka:9092",
            "  normalize stats --bootstrap-servers kafka:9092 --format json > stats.jsonl",
            "  normalize stats --bootstrap-servers kafka:9092 --key sensor-7 --version 42 \\",
            "      --export keras --frozen > bn.json",
            "  normalize stats --savepoint s3://bucket/savepoints/savepoint-3f2a1c-7d0e4b5a9f21",
            "  normalize replay --input train.jsonl --output out.jsonl --stats-output stats.jsonl \\",
            "      --running-variance unbiased",
            "  normalize stats --from stats.jsonl --key sensor-7 --export pytorch \\",
            "      --running ema --running-variance unbiased > bn.json",
            "",
            "  # Load the PyTorch export into a layer (Python):",
            "  e = json.load(open('bn.json'))",
            "  bn = torch.nn.BatchNorm1d(e['num_features'], eps=e['eps'],",
            "                            momentum=e['momentum'])",
            "  bn.load_state_dict({k: torch.tensor(v) for k, v in e['state_dict'].items()})",
            "  bn.eval()"
        })
final class StatsCommand implements Callable<Integer> {
    /** Output formats of the statistics listing. */
    enum Format {
        TABLE,
        JSON
    }

    @Spec
    CommandSpec spec;

    // Not picocli's standard help mixin: its --version (this program's version) would take --version's name.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    final OptionFlags kafka = OptionFlags.kafka(KafkaOptions.STATS_TOPIC, KafkaOptions.CONTROL_TOPIC);

    @Option(
            names = "--savepoint",
            paramLabel = "PATH",
            description =
                    "Read the statistics from this savepoint or retained checkpoint of the job (a directory, or a "
                            + "URI such as file:///..., s3://... with the file system plugin) instead of from Kafka.")
    String savepoint;

    @Option(
            names = "--from",
            paramLabel = "STATS.jsonl",
            description = "Read the statistics from the file a replay wrote with --stats-output instead of from Kafka.")
    Path from;

    @Option(names = "--key", paramLabel = "KEY", description = "Show only this key. Required with --export.")
    String key;

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "With --key: this statistics version, N or G:N (reset generation G), instead of the latest.")
    String version;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description =
                    "table (rounded, for reading) or json (one exact snapshot per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(
            names = "--features",
            paramLabel = "N",
            defaultValue = "3",
            description = "How many means and variances the table shows per key. Default: ${DEFAULT-VALUE}.")
    int features;

    @Mixin
    StatsExport export;

    /** The brokers read, when the source is Kafka. */
    private KafkaBrokers brokers;

    @Override
    public Integer call() {
        if (export.format != null && key == null) {
            throw CliException.usage("--export: name the layer's key with --key");
        }
        if (version != null && key == null) {
            throw CliException.usage("--version: name the key with --key; versions are counted per key");
        }
        if (features < 0) {
            throw CliException.usage("--features: must be 0 or more, got " + features);
        }
        export.check();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StatsSet set = read(err);
        Collection<StatsSnapshot> shown = set.latest().values();
        if (key != null) {
            shown = List.of(set.select(key, version, from != null));
        }
        if (export.format != null) {
            out.println(export.write(shown.iterator().next()));
        } else if (format == Format.JSON) {
            shown.forEach(s -> out.println(JsonLines.writeStatsSnapshot(s)));
        } else if (shown.isEmpty()) {
            err.println("stats: no statistics in " + set.source() + (savepoint == null ? " yet" : ""));
        } else {
            StatsTable.format(shown, features).forEach(out::println);
        }
        if (brokers != null && key == null && export.format == null) {
            showPending(set, format == Format.TABLE ? out : err);
        }
        out.flush();
        err.flush();
        return 0;
    }

    /**
     * Lists the control topic's commands for keys without statistics; they wait in the job until the key arrives.
     * The default control topic may not exist where only serving runs; a topic named with the flag must.
     */
    private void showPending(StatsSet set, PrintWriter to) {
        String controlTopic = kafka.values().get(KafkaOptions.CONTROL_TOPIC);
        boolean named = spec.commandLine().getParseResult().hasMatchedOption(KafkaOptions.CONTROL_TOPIC.flag());
        List<StoredCommand> pending;
        try {
            pending = PendingCommands.find(brokers, controlTopic, set.latest().keySet());
        } catch (BrokerCheckException e) {
            if (named) {
                throw e;
            }
            return;
        }
        PendingCommands.format(pending, controlTopic).forEach(to::println);
    }

    /** The snapshots of the one source the flags name. */
    private StatsSet read(PrintWriter err) {
        OptionValues flags = kafka.values();
        String bootstrapServers = flags.get(KafkaOptions.BOOTSTRAP_SERVERS);
        if (from != null && (savepoint != null || bootstrapServers != null)) {
            throw CliException.usage("--from: reads a replay's statistics file instead of "
                    + (savepoint != null
                            ? "a savepoint; leave out --savepoint"
                            : "Kafka; leave out --bootstrap-servers"));
        }
        if (savepoint != null && bootstrapServers != null) {
            throw CliException.usage("--savepoint: reads a savepoint instead of Kafka; leave out --bootstrap-servers");
        }
        if (from != null) {
            return StatsSet.of(StatsFile.read(from, "--from"), key, "file '" + from + "'");
        }
        if (savepoint != null) {
            return StatsSet.of(SavepointReading.read(savepoint).values(), key, "savepoint '" + savepoint + "'");
        }
        if (bootstrapServers == null) {
            throw CliException.usage("--bootstrap-servers: give the Kafka brokers to read the statistics topic from, "
                    + "or --savepoint PATH to read a savepoint, or --from FILE to read a replay's statistics");
        }
        String statsTopic = flags.get(KafkaOptions.STATS_TOPIC);
        brokers = KafkaBrokers.of(
                bootstrapServers,
                PropertiesFile.read(flags.get(KafkaOptions.KAFKA_PROPERTIES), KafkaOptions.KAFKA_PROPERTIES));
        StatsReader.Result result = StatsReader.readLatest(brokers, statsTopic, "--stats-topic", key);
        if (result.undecodable() > 0) {
            err.println("stats: skipped " + result.undecodable() + " records of '" + statsTopic
                    + "' that are not StatsSnapshot records");
        }
        return StatsSet.of(result.latest(), result.ofKey(), "topic '" + statsTopic + "'");
    }
}
