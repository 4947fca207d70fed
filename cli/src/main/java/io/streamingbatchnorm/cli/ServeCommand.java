package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.kafka.ServingApp;
import io.streamingbatchnorm.kafka.ServingConfig;
import io.streamingbatchnorm.kafka.ServingInstance;
import io.streamingbatchnorm.kafka.ServingOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code normalize serve}: the Kafka Streams serving application, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header =
                "Serve the published statistics over HTTP and normalize an inference stream with them (Kafka Streams).",
        customSynopsis = {
            "normalize serve --bootstrap-servers HOST:PORT[,...] [SERVING FLAGS...]",
            "                [--kafka-property NAME=VALUE]..."
        },
        description = {
            "Keeps the latest snapshot of every key from the compacted statistics topic in a global store, normalizes "
                    + "each FeatureRecord of the serving input topic at once in eval mode with its key's statistics "
                    + "(exactly once by default), and answers HTTP queries:",
            "  GET /health                     200 when running, 503 while starting",
            "  GET /keys                       the keys that have statistics",
            "  GET /stats/KEY                  the latest snapshot of KEY as JSON",
            "  GET /stats/KEY/export?format=F  as PyTorch BatchNorm1d (F=pytorch) or Keras",
            "                                  BatchNormalization (F=keras) parameters",
            "",
            "It checks first that the brokers answer and the four topics exist (it creates none). It runs until Ctrl-C "
                    + "(or SIGTERM), then leaves the consumer group and exits with 0; if Kafka Streams fails, it exits "
                    + "with 1. Several instances with the same --application-id share the serving input.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize serve --bootstrap-servers localhost:9092",
            "  curl -s localhost:8080/stats/sensor-7/export?format=pytorch",
            "",
            "  normalize serve --bootstrap-servers kafka:9093 --kafka-properties client-ssl.properties \\",
            "      --http-port 8081 --state-dir /var/lib/normalize/serving --kafka-property num.stream.threads=2"
        })
final class ServeCommand implements Callable<Integer> {
    final OptionFlags serving = new OptionFlags("%nServing application:%n", ServingOptions.ALL);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--kafka-property",
            paramLabel = "NAME=VALUE",
            description = "One Kafka client or Kafka Streams setting, passed through; repeatable; wins over the same "
                    + "setting in --kafka-properties. Values are never printed.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        ServingConfig config = ServingOptions.parse(serving.text(), kafkaProperties);
        Properties clients = new Properties();
        clients.putAll(config.kafkaProperties());
        KafkaBrokers kafka = KafkaBrokers.of(config.effectiveBootstrapServers(), clients);
        kafka.requireTopic(config.statsTopic(), "--stats-topic");
        kafka.requireTopic(config.inputTopic(), "--input-topic");
        kafka.requireTopic(config.outputTopic(), "--output-topic");
        kafka.requireTopic(config.dlqTopic(), "--dlq-topic");
        ServingInstance instance;
        try {
            instance = ServingApp.start(config);
        } catch (UncheckedIOException e) {
            throw CliException.failure(
                    "--http-port: cannot listen on " + config.httpHost() + ":" + config.httpPort() + ": "
                            + e.getCause().getMessage(),
                    e);
        }
        Thread hook = new Thread(instance::close, "serve-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            describe(spec.commandLine().getOut(), config, instance.httpPort());
            instance.awaitStop();
        } catch (InterruptedException e) {
            // Asked to stop by whoever runs this command in-process: close as on Ctrl-C.
            Thread.currentThread().interrupt();
        } finally {
            instance.close();
            removeHook(hook);
        }
        if (instance.state() == KafkaStreams.State.ERROR) {
            throw CliException.failure("the serving application stopped on an error; see the log lines above");
        }
        spec.commandLine().getErr().println("serve: stopped");
        spec.commandLine().getErr().flush();
        return 0;
    }

    private static void describe(PrintWriter out, ServingConfig c, int port) {
        String host = c.httpHost().equals("0.0.0.0") || c.httpHost().equals("::") ? "localhost" : c.httpHost();
        out.println("serve: query API on http://" + host + ":" + port + " (listening on " + c.httpHost()
                + "): GET /health, " + "/keys, /stats/KEY, /stats/KEY/export?format=pytorch|keras");
        out.println("serve: statistics from '" + c.statsTopic() + "'; normalizing '" + c.inputTopic() + "' into '"
                + c.outputTopic() + "' (eval mode, "
                + io.streamingbatchnorm.core.config.ConfigOption.flagForm(c.delivery()) + "), dead letters to '"
                + c.dlqTopic()
                + "', at " + c.effectiveBootstrapServers());
        out.println("serve: Ctrl-C stops it.");
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it closes the instance.
        }
    }
}
