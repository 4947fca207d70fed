package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One input never stops the job: a 5 MB undecodable payload, a vector of 200,000 values, a record dated in the
 * year 2100 and a record whose normalized form the producer could not send all become dead letters of bounded
 * size, the job finishes, and a normal key's event-time windows are those of a run without them.
 */
class HostileInputITCase {
    private static final int MAX_MESSAGE = 10 << 20;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            new KafkaBrokerExtension(b -> b.brokerProperty("message.max.bytes", Integer.toString(MAX_MESSAGE)));

    @TempDir
    Path dir;

    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().window(Duration.ofSeconds(1)).build();

    @Test
    void hostileRecordsBecomeBoundedDeadLettersAndTheNormalKeyIsUntouched() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "hostile", 1);
        List<TestStreams.Line> normal = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 60; i++) {
            normal.add(new TestStreams.Line(
                    "k",
                    TestStreams.T0 + i * 100L,
                    new Double[] {random.nextGaussian(), 3 + random.nextGaussian()},
                    "n" + i));
        }
        byte[] undecodable = new byte[5 << 20];
        random.nextBytes(undecodable);
        Double[] wide = new Double[200_000];
        Arrays.fill(wide, 1.0);
        String bigAttribute = "a".repeat(250_000);

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < normal.size(); i++) {
            records.add(WireRecords.feature(topics.features, normal.get(i)));
            if (i == 10) {
                records.add(WireRecords.raw(topics.features, "junk", undecodable));
            }
            if (i == 20) {
                records.add(feature(topics.features, "wide", TestStreams.T0 + 2_000, "w1", wide, null));
            }
            if (i == 30) {
                long year2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
                records.add(feature(topics.features, "future", year2100, "f1", new Double[] {1.0, 2.0}, null));
            }
            if (i == 40) {
                records.add(feature(
                        topics.features,
                        "big",
                        TestStreams.T0 + 4_000,
                        "b1",
                        new Double[] {1.0, 2.0},
                        Map.of("note", bigAttribute)));
            }
        }
        produceLarge(topics, records);

        Properties producer = new Properties();
        producer.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "200000");
        JobConfig job = JobOptions.parse(topics.jobFlags("hostile", Map.of()))
                .asBounded()
                .withClientProperties(producer);
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        JobClient client = KafkaJob.start(job, CONFIG, noRestarts);
        client.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        List<NormalizedRecord> out = topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode);
        List<DeadLetter> dead = topics.readCommitted(topics.dlq, AvroWire.deadLetters()::decode);
        Map<String, DeadLetter> byReason = dead.stream().collect(Collectors.toMap(DeadLetter::getReason, d -> d));
        assertThat(byReason)
                .containsOnlyKeys("BAD_HEADER", "DIMENSION_TOO_LARGE", "FUTURE_EVENT_TIME", "OUTPUT_TOO_LARGE");
        for (DeadLetter d : dead) {
            assertThat(d.getOriginal().remaining()).as(d.getReason()).isLessThanOrEqualTo(CONFIG.maxDeadLetterBytes());
            assertThat(d.getMessage().length()).isLessThanOrEqualTo(2048);
        }
        assertThat(byReason.get("BAD_HEADER").getOriginalLength()).isEqualTo(5L << 20);
        assertThat(byReason.get("DIMENSION_TOO_LARGE").getOriginalLength()).isGreaterThan(1_800_000L);
        assertThat(byReason.get("FUTURE_EVENT_TIME").getOriginalLength()).isNull();
        assertThat(byReason.get("OUTPUT_TOO_LARGE").getMessage()).contains("max.request.size 200000");
        printFigures(out, dead);

        assertThat(out).extracting(NormalizedRecord::getKey).containsOnly("k");
        assertThat(byId(out, NormalizedRecord::getId)).isEqualTo(byId(replayOf(normal), NormalizedRecord::getId));
        assertThat(out).noneMatch(NormalizedRecord::getLate);
    }

    /** The normal key alone, replayed from a file: what the streaming job must have written for it. */
    private List<NormalizedRecord> replayOf(List<TestStreams.Line> lines) throws Exception {
        Path in = TestStreams.write(dir.resolve("normal.jsonl"), lines);
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), null, null, null);
        Replay.run(files, CONFIG, 1);
        return Files.readAllLines(files.output()).stream()
                .map(JsonLines::parseNormalizedRecord)
                .toList();
    }

    private static <T> Map<String, T> byId(List<T> records, Function<T, String> id) {
        Map<String, T> out = new HashMap<>();
        for (T r : records) {
            assertThat(out.put(id.apply(r), r))
                    .as("id %s appears once", id.apply(r))
                    .isNull();
        }
        return out;
    }

    private static ProducerRecord<byte[], byte[]> feature(
            String topic, String key, long time, String id, Double[] values, Map<String, String> attributes) {
        FeatureRecord r = FeatureRecord.newBuilder()
                .setKey(key)
                .setEventTime(Instant.ofEpochMilli(time))
                .setValues(Arrays.asList(values))
                .setId(id)
                .setAttributes(attributes)
                .build();
        return new ProducerRecord<>(
                topic,
                null,
                TestStreams.T0,
                key.getBytes(StandardCharsets.UTF_8),
                AvroWire.featureRecords().encode(r));
    }

    /** Like the topics helper's produce, with a producer that sends records of several megabytes. */
    private static void produceLarge(JobTopics topics, List<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_MESSAGE));
        p.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(4 * MAX_MESSAGE));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(topics.features, null, r.timestamp(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    private static void printFigures(List<NormalizedRecord> out, List<DeadLetter> dead) {
        List<String> letters = new ArrayList<>();
        for (DeadLetter d : dead) {
            letters.add(d.getReason() + " " + d.getOriginal().remaining() + "/" + d.getOriginalLength() + " bytes");
        }
        Collections.sort(letters);
        System.out.println("hostile input: " + out.size() + " normalized, dead letters " + letters);
    }
}
