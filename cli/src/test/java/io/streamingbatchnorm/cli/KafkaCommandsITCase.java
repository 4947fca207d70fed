package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.LogCapture;
import io.streamingbatchnorm.testing.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code control} and {@code stats} against a real in-process Kafka broker. */
class KafkaCommandsITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void controlSendsAvroCommandsKeyedByTheirKey() {
        KAFKA.kafka().createTopic("ctl", 1);

        Cli.Result eval = Cli.run(
                "control",
                "EVAL",
                "--key",
                "k1",
                "--effective-time",
                "2023-11-14T22:13:25Z",
                "--id",
                "e1",
                "--issuer",
                "ops",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--control-topic",
                "ctl");
        Cli.Result affine = Cli.run(
                "control",
                "SET_AFFINE",
                "--key",
                "*",
                "--gamma",
                "2,3",
                "--beta",
                "0.5,-1",
                "--id",
                "a1",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--control-topic",
                "ctl");

        assertThat(eval.exitCode()).as("%s", eval).isZero();
        assertThat(eval.err()).contains("sent EVAL for key 'k1' from 2023-11-14T22:13:25Z to ctl partition 0 offset 0");
        assertThat(affine.exitCode()).as("%s", affine).isZero();
        List<ConsumerRecord<byte[], byte[]>> sent = Topics.readCommitted(KAFKA.bootstrapServers(), "ctl");
        assertThat(sent).hasSize(2);
        assertThat(new String(sent.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(sent.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("*");
        ControlCommand first = AvroWire.controlCommands().decode(sent.get(0).value());
        ControlCommand second = AvroWire.controlCommands().decode(sent.get(1).value());
        assertThat(first).isEqualTo(JsonLines.parseControlCommand(eval.out().strip()));
        assertThat(first.getCommand()).isEqualTo(CommandType.EVAL);
        assertThat(first.getEffectiveTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_005_000L));
        assertThat(first.getIssuer()).isEqualTo("ops");
        assertThat(second.getCommand()).isEqualTo(CommandType.SET_AFFINE);
        assertThat(second.getGamma()).containsExactly(2.0, 3.0);
        assertThat(second.getBeta()).containsExactly(0.5, -1.0);
        assertThat(second.getEffectiveTime()).isNull();
    }

    @Test
    void aMissingTopicIsNamed() {
        Cli.Result control = Cli.run(
                "control",
                "EVAL",
                "--key",
                "k",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--control-topic",
                "no-such-control");
        Cli.Result stats =
                Cli.run("stats", "--bootstrap-servers", KAFKA.bootstrapServers(), "--stats-topic", "no-such-stats");

        assertThat(control.exitCode()).isEqualTo(1);
        assertThat(control.err())
                .isEqualTo(String.format(
                        "normalize control: topic 'no-such-control' does not exist at %s;"
                                + " create it, or name another one with --control-topic%n",
                        KAFKA.bootstrapServers()));
        assertThat(stats.exitCode()).isEqualTo(1);
        assertThat(stats.err()).contains("topic 'no-such-stats' does not exist", "--stats-topic");
    }

    @Test
    void statsListsTheCommandsWaitingForKeysWithoutStatistics() {
        KAFKA.kafka().createCompactedTopic("pending-stats", 1);
        KAFKA.kafka().createCompactedTopic("pending-control", 1);
        StatsSnapshot k1 = snapshot("k1", 1, 0.5);
        Topics.produce(
                KAFKA.bootstrapServers(),
                "pending-stats",
                List.of(new ProducerRecord<>(
                        "pending-stats",
                        "k1".getBytes(StandardCharsets.UTF_8),
                        AvroWire.statsSnapshots().encode(k1))));
        for (String[] command : List.of(
                new String[] {"EVAL", "--key", "k1", "--id", "c1"},
                new String[] {"EVAL", "--key", "sensr-7", "--id", "c2", "--effective-time", "2023-11-14T22:13:25Z"},
                new String[] {"RESET", "--key", "*", "--id", "c3"},
                new String[] {"TRAIN", "--key", "sensr-7", "--id", "c4"})) {
            Cli.Result sent = Cli.run(with(
                    with(new String[] {"control"}, command),
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--control-topic",
                    "pending-control"));
            assertThat(sent.exitCode()).as("%s", sent).isZero();
        }
        String[] base = {"stats", "--bootstrap-servers", KAFKA.bootstrapServers(), "--stats-topic", "pending-stats"};

        Cli.Result table = Cli.run(with(base, "--control-topic", "pending-control"));
        Cli.Result json = Cli.run(with(base, "--control-topic", "pending-control", "--format", "json"));
        Cli.Result defaultTopicAbsent = Cli.run(base);
        Cli.Result namedTopicAbsent = Cli.run(with(base, "--control-topic", "no-such-control"));

        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out().lines().toList())
                .hasSize(6)
                .satisfies(l -> assertThat(l.get(1)).startsWith("k1"))
                .satisfies(l -> assertThat(l.get(3))
                        .startsWith("2 commands of topic 'pending-control' wait for keys with no statistics"))
                .satisfies(
                        l -> assertThat(l.get(4)).isEqualTo("  sensr-7  EVAL  id c2  effective 2023-11-14T22:13:25Z"))
                .satisfies(l -> assertThat(l.get(5)).isEqualTo("  sensr-7  TRAIN  id c4"));
        assertThat(json.out().lines().map(JsonLines::parseStatsSnapshot).toList())
                .containsExactly(k1);
        assertThat(json.err()).contains("2 commands of topic 'pending-control'", "  sensr-7  TRAIN  id c4");
        assertThat(defaultTopicAbsent.exitCode()).as("%s", defaultTopicAbsent).isZero();
        assertThat(defaultTopicAbsent.out().lines()).hasSize(2);
        assertThat(namedTopicAbsent.exitCode()).isEqualTo(1);
        assertThat(namedTopicAbsent.err()).contains("topic 'no-such-control' does not exist", "--control-topic");
    }

    @Test
    void aControlTopicWithSeveralPartitionsIsRefused() {
        KAFKA.kafka().createTopic("wide-control", 3);

        Cli.Result r = Cli.run(
                "control",
                "EVAL",
                "--key",
                "k",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--control-topic",
                "wide-control");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("control topic 'wide-control' has 3 partitions; the job accepts exactly 1");
        assertThat(Topics.readCommitted(KAFKA.bootstrapServers(), "wide-control"))
                .isEmpty();
    }

    @Test
    void statsShowsTheLatestSnapshotOfEachKeyAndExportsIt() throws Exception {
        KAFKA.kafka().createCompactedTopic("stats", 2);
        StatsSnapshot k1v1 = snapshot("k1", 1, 0.5);
        StatsSnapshot k1v2 = snapshot("k1", 2, 0.75);
        StatsSnapshot k2v1 = snapshot("k2", 1, -3.0);
        StatsSnapshot k2AfterReset = StatsSnapshot.newBuilder(snapshot("k2", 0, 0.0))
                .setResetGeneration(1)
                .build();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        // k1's version 1 again after version 2, as an at-least-once job may write it after a restore.
        for (StatsSnapshot s : List.of(k1v1, k2v1, k1v2, k1v1, k2AfterReset)) {
            records.add(new ProducerRecord<>(
                    "stats",
                    s.getKey().getBytes(StandardCharsets.UTF_8),
                    AvroWire.statsSnapshots().encode(s)));
        }
        records.add(new ProducerRecord<>("stats", "junk".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}));
        Topics.produce(KAFKA.bootstrapServers(), "stats", records);
        String[] base = {"stats", "--bootstrap-servers", KAFKA.bootstrapServers(), "--stats-topic", "stats"};

        Cli.Result table = Cli.run(base);
        Cli.Result json = Cli.run(with(base, "--format", "json"));
        // The snapshots do not say how their statistics were computed: the export needs it declared.
        Cli.Result pytorch = Cli.run(
                with(base, "--key", "k1", "--export", "pytorch", "--running", "ema", "--running-variance", "unbiased"));
        Cli.Result keras = Cli.run(
                with(base, "--key", "k1", "--export", "KERAS", "--running", "ema", "--running-variance", "biased"));
        Cli.Result undeclared = Cli.run(with(base, "--key", "k1", "--export", "pytorch"));
        Cli.Result version1 = Cli.run(with(base, "--key", "k1", "--version", "1", "--format", "json"));
        Cli.Result frozenV1 = Cli.run(with(base, "--key", "k1", "--version", "0:1", "--export", "keras", "--frozen"));
        Cli.Result ambiguous = Cli.run(with(base, "--key", "k2", "--version", "1"));
        Cli.Result unknown = Cli.run(with(base, "--key", "k3"));

        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.err())
                .isEqualTo(String.format("stats: skipped 1 records of 'stats' that are not StatsSnapshot records%n"));
        assertThat(table.out().lines().toList())
                .hasSize(3)
                .satisfies(l -> assertThat(l.get(1)).startsWith("k1").contains("  2  EVAL", "[0.750000, 1.00000]"))
                .satisfies(l -> assertThat(l.get(2)).startsWith("k2").contains("  0  EVAL", "[0.00000, 1.00000]"));
        assertThat(json.out().lines().map(JsonLines::parseStatsSnapshot).toList())
                .containsExactly(k1v2, k2AfterReset);

        JsonNode torch = JSON.readTree(pytorch.out());
        assertThat(torch.get("stats_version").asLong()).isEqualTo(2);
        assertThat(torch.get("momentum").asDouble()).isEqualTo(0.1);
        assertThat(torch.get("state_dict").get("num_batches_tracked").asLong()).isEqualTo(2);
        assertThat(torch.get("state_dict").get("running_mean").get(0).asDouble())
                .isEqualTo(0.75);
        JsonNode tf = JSON.readTree(keras.out());
        assertThat(tf.get("momentum").asDouble()).isEqualTo(0.9);
        assertThat(tf.get("weights").get("moving_mean").get(0).asDouble()).isEqualTo(0.75);

        assertThat(undeclared.exitCode()).isEqualTo(2);
        // The first line says that a record of the topic was skipped; the second why there is no export.
        assertThat(undeclared.err())
                .contains("\nnormalize stats: --export: cannot export key 'k1' as a pytorch layer: the snapshot does"
                        + " not say how its statistics were computed")
                .hasLineCount(2);
        assertThat(version1.out().lines().map(JsonLines::parseStatsSnapshot).toList())
                .containsExactly(k1v1);
        assertThat(JSON.readTree(frozenV1.out()).get("momentum").asDouble()).isEqualTo(1.0);
        assertThat(JSON.readTree(frozenV1.out()).get("stats_version").asLong()).isEqualTo(1);
        assertThat(ambiguous.exitCode()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("--version: key 'k2' has no statistics version 1", "the key was reset");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no statistics for key 'k3' in topic 'stats' (2 keys there)");
    }

    @Test
    void kafkaPropertyValuesAreNeverPrintedOrLogged() throws Exception {
        KAFKA.kafka().createTopic("secret-control", 1);
        KAFKA.kafka().createCompactedTopic("secret-stats", 1);
        java.nio.file.Path properties = java.nio.file.Files.createTempFile("client", ".properties");
        java.nio.file.Files.writeString(
                properties, "ssl.truststore.password=TrustStoreSecret-41\nbasic.auth.user.info=svc:ApiSecret-42\n");
        List<Cli.Result> results = new ArrayList<>();
        List<String> logged;
        // Kafka's clients log their whole configuration at INFO; the test looks there too.
        Configurator.setLevel("org.apache.kafka", Level.INFO);
        try (LogCapture logs = new LogCapture()) {
            results.add(Cli.run(
                    "control",
                    "EVAL",
                    "--key",
                    "k",
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--control-topic",
                    "secret-control",
                    "--kafka-properties",
                    properties.toString()));
            results.add(Cli.run(
                    "stats",
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--stats-topic",
                    "secret-stats",
                    "--kafka-properties",
                    properties.toString()));
            logged = logs.lines();
        } finally {
            Configurator.setLevel("org.apache.kafka", Level.WARN);
            java.nio.file.Files.delete(properties);
        }

        assertThat(results).allSatisfy(r -> {
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.out() + r.err()).doesNotContain("Secret-4");
        });
        assertThat(String.join("\n", logged))
                .as("the clients' configuration was logged")
                .contains("ssl.truststore.password")
                .doesNotContain("Secret-4");
    }

    private static StatsSnapshot snapshot(String key, long version, double mean) {
        return StatsSnapshot.newBuilder()
                .setKey(key)
                .setVersion(version)
                .setMode(Mode.EVAL)
                .setCount(32 * version)
                .setRunningMean(List.of(mean, 1.0))
                .setRunningVar(List.of(2.0, 0.5))
                .setGamma(List.of(1.0, 1.0))
                .setBeta(List.of(0.0, 0.0))
                .setMomentum(0.9)
                .setEpsilon(1e-5)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + version))
                .build();
    }

    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
