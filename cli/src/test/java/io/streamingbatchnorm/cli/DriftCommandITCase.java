package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code normalize drift} against a real in-process Kafka broker, on drift events produced here. */
class DriftCommandITCase {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static DriftEvent event(String key, Mode mode, long version, Double... shift) {
        List<Double> ratio = new ArrayList<>();
        List<Integer> crossed = new ArrayList<>();
        for (int j = 0; j < shift.length; j++) {
            ratio.add(shift[j] == null ? null : 1.0 + j);
            if (shift[j] != null && Math.abs(shift[j]) > 1) {
                crossed.add(j);
            }
        }
        return DriftEvent.newBuilder()
                .setKey(key)
                .setMode(mode)
                .setStatsVersion(version)
                .setWindowSize(mode == Mode.TRAIN ? 32 : 256)
                .setFirstEventTime(T0.plusSeconds(version))
                .setLastEventTime(T0.plusSeconds(version + 31))
                .setShift(Arrays.asList(shift))
                .setRatio(ratio)
                .setCrossed(crossed)
                .build();
    }

    private static void produce(String topic, DriftEvent... events) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (DriftEvent e : events) {
            records.add(new ProducerRecord<>(
                    topic,
                    e.getKey().getBytes(StandardCharsets.UTF_8),
                    AvroWire.driftEvents().encode(e)));
        }
        Topics.produce(kafka.bootstrapServers(), topic, records);
    }

    @Test
    void showsEveryEventAsATableOrAsExactJsonLines() {
        kafka.createTopic("drift-a", 1);
        DriftEvent a = event("k1", Mode.TRAIN, 12, 1.5, null, 0.1, -2.25);
        DriftEvent b = event("k2", Mode.EVAL, 7, 0.5, Double.POSITIVE_INFINITY);
        DriftEvent c = event("k1", Mode.TRAIN, 13, 0.1 + 0.2, -1.0000000000000002);
        produce("drift-a", a, b, c);
        Topics.produce(
                kafka.bootstrapServers(),
                "drift-a",
                List.of(new ProducerRecord<>("drift-a", "junk".getBytes(StandardCharsets.UTF_8), new byte[] {7})));
        String[] base = {"drift", "--bootstrap-servers", kafka.bootstrapServers(), "--drift-topic", "drift-a"};

        Cli.Result json = Cli.run(with(base, "--format", "json", "--bounded"));
        Cli.Result table = Cli.run(with(base, "--bounded"));
        Cli.Result k1 = Cli.run(with(base, "--bounded", "--format", "json", "--key", "k1"));

        assertThat(json.exitCode()).as("%s", json).isZero();
        assertThat(json.out().lines().toList())
                .containsExactly(
                        JsonLines.writeDriftEvent(a), JsonLines.writeDriftEvent(b), JsonLines.writeDriftEvent(c));
        assertThat(json.out().lines().map(JsonLines::parseDriftEvent).toList()).containsExactly(a, b, c);
        assertThat(json.err()).contains("drift: skipped the record at drift-a-0@3, not a DriftEvent: BAD_HEADER");

        assertThat(table.exitCode()).as("%s", table).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .startsWith("FIRST EVENT TIME")
                .contains("KEY", "MODE", "VERSION", "RECORDS", "CROSSED: FEATURE (SHIFT, RATIO)");
        assertThat(lines.get(1))
                .startsWith("2023-11-14T22:13:32Z      2023-11-14T22:14:03Z      k1")
                .contains("TRAIN", "     12       32  0 (+1.50, 1.00)  3 (-2.25, 4.00)");
        assertThat(lines.get(2)).contains("k2", "EVAL", "1 (+inf, 2.00)");
        assertThat(lines.get(3)).contains("k1", "1 (-1.00, 2.00)");

        assertThat(k1.out().lines().map(JsonLines::parseDriftEvent).toList()).containsExactly(a, c);
    }

    @Test
    void followsNewEventsUntilStopped() throws Exception {
        kafka.createTopic("drift-b", 2);
        DriftEvent before = event("k1", Mode.TRAIN, 3, 4.0);
        DriftEvent after = event("k2", Mode.EVAL, 9, -3.0);
        produce("drift-b", before);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Normalize.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = new Thread(() -> exit.set(commandLine.execute(
                "drift",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--drift-topic",
                "drift-b",
                "--format",
                "json")));
        command.start();
        try {
            awaitLines(out, 1);
            produce("drift-b", after);
            awaitLines(out, 2);
        } finally {
            command.interrupt();
            command.join(Duration.ofSeconds(30).toMillis());
        }

        assertThat(command.isAlive()).isFalse();
        assertThat(exit.get()).as("%s", err).isZero();
        assertThat(out.toString().lines().map(JsonLines::parseDriftEvent).toList())
                .containsExactly(before, after);
        assertThat(err.toString()).contains("drift: following topic 'drift-b'");
    }

    @Test
    void aMissingTopicIsNamed() {
        Cli.Result r = Cli.run(
                "drift",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--drift-topic",
                "no-such-drift",
                "--bounded");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("topic 'no-such-drift' does not exist", "--drift-topic");
    }

    private static void awaitLines(StringWriter out, int lines) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (out.toString().lines().count() < lines) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("fewer than " + lines + " lines within 60 s: " + out);
            }
            // Checks every 20 ms instead of spinning on a machine that other builds share.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
