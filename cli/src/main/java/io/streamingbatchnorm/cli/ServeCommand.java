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
            "Keeps the last --history snapshots of every key from the compacted statistics topic in a global store, "
                    + "normalizes each FeatureRecord of the serving input topic at once in eval mode with its key's "
                    + "latest statistics, or with the version its 'stats-version' header pins (N, or G:N for reset "
                    + "generation G), exactly once by default, and answers HTTP queries:",
            "  GET /health                     200 when running, 503 while starting",
            "  GET /keys?limit=N&after=KEY     a page of the keys that have statistics",
            "  GET /stats/KEY[?version=V]      the latest snapshot of KEY (or version V) as JSON",
            "  GET /stats/KEY/versions         the versions held of KEY",
            "  GET /stats/KEY/export?format=F  as PyTorch BatchNorm1d (F=pytorch) or Keras",
            "                                  BatchNormalization (F=keras) parameters; also",
            "                                  version=V, frozen=true, running=, running_variance=",
            "  GET /metrics                    the application's metrics for Prometheus",
            "",
            "It checks first that the brokers answer and the four topics exist (it creates none). It runs until Ctrl-C "
                    + "(or SIGTERM), then leaves the consumer group and exits with 0; if Kafka Streams fails, it exits "
                    + "with 1. Several instances with the same --application-id share the serving input.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize serve --bootstrap-servers localhost:9092",
            "  curl -s 'localhost:8080/stats/sensor-7/export?format=keras&frozen=true'",
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
        warnOfSecretsOnTheCommandLine(spec.commandLine().getErr());
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
                    "--http-port: cannot listen on " + config.http().bind() + ":"
                            + config.http().port() + ": " + e.getCause().getMessage(),
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

    /**
     * A secret given with --kafka-property shows in the process list to every user of the machine; the value is
     * not printed here either.
     */
    private void warnOfSecretsOnTheCommandLine(PrintWriter err) {
        for (String name : kafkaProperties.keySet()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("password")
                    || lower.contains("jaas")
                    || lower.contains("secret")
                    || lower.contains("token")
                    || lower.endsWith(".key")) {
                err.println("serve: warning: --kafka-property " + name + " puts a secret on the command line, where"
                        + " 'ps' shows it to every user; put it in the --kafka-properties file instead");
            }
        }
        err.flush();
    }

    private static void describe(PrintWriter out, ServingConfig c, int port) {
        String bind = c.http().bind();
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
        out.println("serve: query API on " + (c.http().tls() ? "https" : "http") + "://" + host + ":" + port
                + " (listening on " + bind + (c.http().tokenFile() == null ? "" : ", bearer token required")
                + "): GET /health, /keys, /stats/KEY, /stats/KEY/versions, /stats/KEY/export?format=pytorch|keras,"
                + " /metrics");
        out.println("serve: statistics from '" + c.statsTopic() + "' (the last " + c.history() + " versions of each"
                + " key); normalizing '" + c.inputTopic() + "' into '"
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
