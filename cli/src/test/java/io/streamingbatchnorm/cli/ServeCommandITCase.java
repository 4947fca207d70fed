package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.ServingTopics;
import io.streamingbatchnorm.testing.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code normalize serve} against a real in-process broker: it serves, answers over HTTP, and stops cleanly. */
class ServeCommandITCase {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Pattern ADDRESS = Pattern.compile("query API on (http://[^\\s:]+:\\d+) ");

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path stateDir;

    @BeforeAll
    static void createTopics() {
        // The serve command's default topic names, as a deployment creates them.
        ServingTopics topics = ServingTopics.createDefaults(KAFKA.kafka(), 1, 1);
        StatsSnapshot k1 = StatsSnapshot.newBuilder()
                .setKey("k1")
                .setVersion(3)
                .setMode(Mode.TRAIN)
                .setCount(96)
                .setRunningMean(List.of(0.5, 2.0))
                .setRunningVar(List.of(1.5, 4.0))
                .setGamma(List.of(1.0, 1.0))
                .setBeta(List.of(0.0, 0.0))
                .setMomentum(0.9)
                .setEpsilon(1e-5)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
        Topics.produce(
                KAFKA.bootstrapServers(),
                topics.stats,
                List.of(new ProducerRecord<>(
                        topics.stats,
                        "k1".getBytes(StandardCharsets.UTF_8),
                        AvroWire.statsSnapshots().encode(k1))));
    }

    @Test
    void servesTheStatisticsOverHttpUntilStopped() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread serve = new Thread(
                () -> {
                    var commandLine = Normalize.commandLine();
                    commandLine.setOut(new PrintWriter(out, true));
                    commandLine.setErr(new PrintWriter(err, true));
                    exitCode.set(commandLine.execute(
                            "serve",
                            "--bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--http-port",
                            "0",
                            "--http-bind",
                            "127.0.0.1",
                            "--state-dir",
                            stateDir.toString(),
                            "--application-id",
                            "serve-test"));
                },
                "serve-command");
        serve.start();
        try {
            String base = awaitAddress(out, serve);
            HttpClient http = HttpClient.newHttpClient();

            assertThat(awaitStatus(http, base + "/health", 200)).contains("RUNNING");
            assertThat(get(http, base + "/keys").body()).isEqualTo("{\"keys\":[\"k1\"],\"next\":null}");
            HttpResponse<String> export =
                    get(http, base + "/stats/k1/export?format=pytorch&running=ema&running_variance=unbiased");
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.body()).contains("\"num_batches_tracked\":3", "\"running_mean\":[0.5,2.0]");
        } finally {
            serve.interrupt();
            serve.join(DEADLINE.toMillis());
        }
        assertThat(serve.isAlive()).as("serve stopped within %s", DEADLINE).isFalse();
        assertThat(exitCode.get()).as("err: %s", err).isZero();
        assertThat(out.toString())
                .contains(
                        "statistics from 'feature-stats'",
                        "normalizing 'features-serving' into " + "'features-serving-normalized'",
                        "exactly-once");
        assertThat(err.toString()).contains("serve: stopped");
    }

    @Test
    void aMissingTopicIsNamedBeforeAnythingStarts() {
        Cli.Result r = Cli.run(
                "serve",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--input-topic",
                "no-such-input",
                "--http-port",
                "0",
                "--state-dir",
                stateDir.toString());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("topic 'no-such-input' does not exist", "--input-topic");
        assertThat(r.out()).isEmpty();
    }

    private static String awaitAddress(StringWriter out, Thread serve) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = ADDRESS.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (!serve.isAlive()) {
                throw new AssertionError("serve ended before it printed its address: " + out);
            }
            // Returns at once if the command ends; otherwise the next look at its output comes 100 ms later.
            serve.join(100);
        }
        throw new AssertionError("serve printed no address within " + DEADLINE + ": " + out);
    }

    private static String awaitStatus(HttpClient http, String url, int status) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        HttpResponse<String> last = get(http, url);
        while (last.statusCode() != status && Instant.now().isBefore(deadline)) {
            last = get(http, url);
        }
        assertThat(last.statusCode()).as("%s: %s", url, last.body()).isEqualTo(status);
        return last.body();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
