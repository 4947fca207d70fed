package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.cli.kafka.DriftTail;
import io.streamingbatchnorm.core.config.KafkaOptions;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.core.config.PropertiesFile;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code normalize drift}: the drift events of the job, as a table or JSON lines, as they arrive. */
@Command(
        name = "drift",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header = "Show the drift events the job publishes: batches and eval windows that moved away from the"
                + " running statistics.",
        customSynopsis = {
            "normalize drift --bootstrap-servers HOST:PORT[,...] [--drift-topic TOPIC]",
            "                [--kafka-properties FILE] [--key KEY] [--format table|json] [--bounded]"
        },
        description = {
            "Reads the drift topic from its beginning (committed records only), prints every event, then waits for "
                    + "new ones until Ctrl-C; with --bounded it stops at the topic's current end.",
            "",
            "An event is a train micro-batch, or a window of --drift-window eval records, of one key where some "
                    + "feature's shift (batch mean - running mean) / sqrt(running variance + epsilon) went beyond "
                    + "--drift-shift, or its ratio (batch variance + epsilon) / (running variance + epsilon) left "
                    + "[1/--drift-ratio, --drift-ratio]. VERSION is the version of the statistics compared against; "
                    + "the last column lists the features that crossed, with their shift and ratio.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize drift --bootstrap-servers kafka:9092",
            "  normalize drift --bootstrap-servers kafka:9092 --key sensor-7",
            "  normalize drift --bootstrap-servers kafka:9092 --format json --bounded > drift.jsonl"
        })
final class DriftCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        TABLE,
        JSON
    }

    @Spec
    CommandSpec spec;

    final OptionFlags kafka = OptionFlags.kafka(KafkaOptions.DRIFT_TOPIC);

    @Option(names = "--key", paramLabel = "KEY", description = "Show only this key's events.")
    String key;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (rounded, for reading) or json (one exact event per line, as the replay's"
                    + " --drift-output writes them). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--bounded", description = "Stop at the topic's current end instead of waiting for new events.")
    boolean bounded;

    @Override
    public Integer call() {
        OptionValues flags = kafka.values();
        String bootstrapServers = flags.get(KafkaOptions.BOOTSTRAP_SERVERS);
        if (bootstrapServers == null) {
            throw CliException.usage("--bootstrap-servers: give the Kafka brokers to read the drift topic from");
        }
        String topic = flags.get(KafkaOptions.DRIFT_TOPIC);
        KafkaBrokers brokers = KafkaBrokers.of(
                bootstrapServers,
                PropertiesFile.read(flags.get(KafkaOptions.KAFKA_PROPERTIES), KafkaOptions.KAFKA_PROPERTIES));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DriftTail tail = DriftTail.open(brokers, topic, KafkaOptions.DRIFT_TOPIC.flag())) {
            Thread hook = new Thread(tail::stop, "drift-stop-on-exit");
            if (!bounded) {
                Runtime.getRuntime().addShutdownHook(hook);
                err.println("drift: following topic '" + topic + "'; Ctrl-C stops");
                err.flush();
            }
            if (format == Format.TABLE) {
                out.println(DriftTable.header());
                out.flush();
            }
            tail.run(bounded, new Printer(out, err));
            if (!bounded) {
                removeHook(hook);
            }
        }
        return 0;
    }

    /** Prints the events of the chosen key (or all) as they come, flushing each. */
    private final class Printer implements DriftTail.Listener {
        private final PrintWriter out;
        private final PrintWriter err;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void event(DriftEvent event) {
            if (key != null && !key.equals(event.getKey())) {
                return;
            }
            out.println(format == Format.JSON ? JsonLines.writeDriftEvent(event) : DriftTable.line(event));
            out.flush();
        }

        @Override
        public void skipped(String where, String why) {
            err.println("drift: skipped the record at " + where + ", not a DriftEvent: " + why);
            err.flush();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it stopped the tail.
        }
    }
}
