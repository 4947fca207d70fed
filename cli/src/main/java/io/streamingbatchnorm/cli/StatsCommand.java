package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.cli.kafka.StatsReader;
import io.streamingbatchnorm.core.config.KafkaOptions;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.core.config.PropertiesFile;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.schemas.json.ModelExport;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code normalize stats}: the latest statistics snapshot of each key, from the compacted stats topic or
 * from a savepoint of the job.
 */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header = "Show the latest running statistics of each key, or export a key's as a PyTorch or Keras layer.",
        customSynopsis = {
            "normalize stats --bootstrap-servers HOST:PORT[,...] [--stats-topic TOPIC]",
            "                [--kafka-properties FILE] [--key KEY] [--format table|json]",
            "                [--features N] [--key KEY --export pytorch|keras]",
            "normalize stats --savepoint PATH [--key KEY] [--format table|json]",
            "                [--features N] [--key KEY --export pytorch|keras]"
        },
        description = {
            "Reads the compacted statistics topic from its beginning to its current end (committed records "
                    + "only) and keeps the latest snapshot of each key: the highest reset generation and version.",
            "",
            "With --savepoint, reads every key's statistics from a savepoint or retained checkpoint of the job "
                    + "instead (Flink's State Processor API, on a local MiniCluster): what the job held when the "
                    + "savepoint was taken, for an audit or when the statistics topic is gone.",
            "",
            "--export writes the key's layer as JSON. pytorch: 'eps', 'momentum' (PyTorch's convention: 1 - the "
                    + "job's momentum) and a 'state_dict' of torch.nn.BatchNorm1d with weight (gamma), bias "
                    + "(beta), running_mean, running_var and num_batches_tracked (the stats version). keras: "
                    + "'epsilon', 'momentum' (the same convention as the job) and 'weights' of "
                    + "keras.layers.BatchNormalization: gamma, beta, moving_mean, moving_variance.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize stats --bootstrap-servers kafka:9092",
            "  normalize stats --bootstrap-servers kafka:9092 --format json > stats.jsonl",
            "  normalize stats --bootstrap-servers kafka:9092 --key sensor-7 \\",
            "      --export pytorch > bn.json",
            "  normalize stats --savepoint s3://bucket/savepoints/savepoint-3f2a1c-7d0e4b5a9f21",
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

    final OptionFlags kafka = OptionFlags.kafka(KafkaOptions.STATS_TOPIC);

    @Option(
            names = "--savepoint",
            paramLabel = "PATH",
            description =
                    "Read the statistics from this savepoint or retained checkpoint of the job (a directory, or a "
                            + "URI such as file:///..., s3://... with the file system plugin) instead of from Kafka.")
    String savepoint;

    @Option(names = "--key", paramLabel = "KEY", description = "Show only this key. Required with --export.")
    String key;

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

    @Option(
            names = "--export",
            paramLabel = "FRAMEWORK",
            description = "Print the --key's statistics as a pytorch or keras layer export (JSON).")
    ModelExport.Format export;

    @Override
    public Integer call() {
        OptionValues flags = kafka.values();
        String bootstrapServers = flags.get(KafkaOptions.BOOTSTRAP_SERVERS);
        String statsTopic = flags.get(KafkaOptions.STATS_TOPIC);
        if (export != null && key == null) {
            throw CliException.usage("--export: name the layer's key with --key");
        }
        if (features < 0) {
            throw CliException.usage("--features: must be 0 or more, got " + features);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, StatsSnapshot> latest;
        String source;
        if (savepoint != null) {
            if (bootstrapServers != null) {
                throw CliException.usage(
                        "--savepoint: reads a savepoint instead of Kafka; leave out --bootstrap-servers");
            }
            latest = SavepointReading.read(savepoint);
            source = "savepoint '" + savepoint + "'";
        } else {
            if (bootstrapServers == null) {
                throw CliException.usage(
                        "--bootstrap-servers: give the Kafka brokers to read the statistics topic from, "
                                + "or --savepoint PATH to read a savepoint");
            }
            KafkaBrokers brokers = KafkaBrokers.of(
                    bootstrapServers,
                    PropertiesFile.read(flags.get(KafkaOptions.KAFKA_PROPERTIES), KafkaOptions.KAFKA_PROPERTIES));
            StatsReader.Result result = StatsReader.readLatest(brokers, statsTopic, "--stats-topic");
            if (result.undecodable() > 0) {
                err.println("stats: skipped " + result.undecodable() + " records of '" + statsTopic
                        + "' that are not StatsSnapshot records");
            }
            latest = result.latest();
            source = "topic '" + statsTopic + "'";
        }
        Collection<StatsSnapshot> shown = latest.values();
        if (key != null) {
            StatsSnapshot s = latest.get(key);
            if (s == null) {
                throw CliException.failure(
                        "no statistics for key '" + key + "' in " + source + " (" + latest.size() + " keys there)");
            }
            shown = List.of(s);
        }
        if (export != null) {
            out.println(ModelExport.exportIndented(shown.iterator().next(), export));
        } else if (format == Format.JSON) {
            shown.forEach(s -> out.println(JsonLines.writeStatsSnapshot(s)));
        } else if (shown.isEmpty()) {
            err.println("stats: no statistics in " + source + (savepoint == null ? " yet" : ""));
        } else {
            StatsTable.format(shown, features).forEach(out::println);
        }
        out.flush();
        err.flush();
        return 0;
    }
}
