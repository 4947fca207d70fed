package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 hostile payloads through the job: it never fails, every payload comes out exactly once as
 * either a normalized record or a dead letter with a reason, and a clean key mixed into the same
 * stream gets bit-identical outputs and statistics to a run without the fuzz.
 */
class FuzzITCase {
    /** The size of the run in CI; {@code -Dfuzz.payloads=N} runs a larger one. */
    private static final int PAYLOADS = Integer.getInteger("fuzz.payloads", 100_000);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.sharedCluster();

    @TempDir
    Path dir;

    /** Oversized vectors are 40 KB each: one draw in a hundred keeps the run's memory in bounds. */
    private static FuzzPayloads.Kind draw(Random pick, FuzzPayloads.Kind[] kinds) {
        FuzzPayloads.Kind k = kinds[pick.nextInt(kinds.length)];
        return k == FuzzPayloads.Kind.TOO_WIDE && pick.nextInt(10) != 0 ? FuzzPayloads.Kind.RANDOM_BYTES : k;
    }

    @Test
    void hostilePayloadsNeverStopTheJobNorTouchACleanKey() throws Exception {
        // Watermarks move with every key's event times, fuzz included; a batch delay beyond any valid
        // event time keeps the clean key's batches closing by count only, as in the run without fuzz.
        NormalizerConfig config = NormalizerOptions.parse(Map.of("batch-size", "8", "max-batch-delay", "3650000d"));
        List<TestStreams.Line> clean = TestStreams.roundRobin(5, 1, 400, 4, 250);
        List<TestStreams.Line> cleanKey = new ArrayList<>();
        for (TestStreams.Line l : clean) {
            cleanKey.add(new TestStreams.Line("clean", l.eventTime(), l.values(), l.id()));
        }

        JobTopics topics = JobTopics.create(KAFKA.kafka(), "fuzz", 3);
        FuzzPayloads fuzz = new FuzzPayloads(2024, TestStreams.T0);
        Random pick = new Random(99);
        FuzzPayloads.Kind[] kinds = FuzzPayloads.Kind.values();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(PAYLOADS + cleanKey.size());
        int nextClean = 0;
        for (int i = 0; i < PAYLOADS; i++) {
            if (nextClean < cleanKey.size() && i % (PAYLOADS / cleanKey.size()) == 0) {
                records.add(WireRecords.feature(topics.features, cleanKey.get(nextClean++)));
            }
            String key = "fz-" + (i % 10);
            records.add(new ProducerRecord<>(
                    topics.features,
                    null,
                    TestStreams.T0,
                    key.getBytes(StandardCharsets.UTF_8),
                    fuzz.next(draw(pick, kinds))));
        }
        while (nextClean < cleanKey.size()) {
            records.add(WireRecords.feature(topics.features, cleanKey.get(nextClean++)));
        }
        topics.produce(topics.features, records);

        List<NormalizedRecord> out = KafkaJobITCase.run(topics, TestJobs.bounded(topics, "fuzz", 2), config);
        List<DeadLetter> dead = topics.readCommitted(topics.dlq, AvroWire.deadLetters()::decode);

        Map<String, Long> byReason = new TreeMap<>(
                dead.stream().collect(Collectors.groupingBy(DeadLetter::getReason, Collectors.counting())));
        System.out.println("fuzz: payloads=" + PAYLOADS + " clean=" + cleanKey.size() + " outputs=" + out.size()
                + " deadLetters=" + dead.size() + " byReason=" + byReason);
        assertThat(out.size() + dead.size()).as("every payload exactly once").isEqualTo(records.size());
        assertThat(dead).allSatisfy(d -> assertThat(d.getReason()).isNotBlank());
        assertThat(byReason)
                .containsKeys(
                        "BAD_HEADER",
                        "UNKNOWN_SCHEMA",
                        "UNDECODABLE",
                        "DIMENSION_TOO_LARGE",
                        "INFINITE_VALUE",
                        "MISSING_KEY",
                        "EMPTY_VALUES",
                        "TIMESTAMP_OUT_OF_RANGE");

        ReplayFiles files = new ReplayFiles(
                TestStreams.write(dir.resolve("clean.jsonl"), cleanKey),
                dir.resolve("clean-out.jsonl"),
                null,
                dir.resolve("clean-stats.jsonl"),
                null);
        Replay.run(files, config, 1);
        List<NormalizedRecord> reference = new ArrayList<>();
        for (String l : Files.readAllLines(files.output())) {
            reference.add(JsonLines.parseNormalizedRecord(l));
        }
        List<NormalizedRecord> cleanOut =
                out.stream().filter(r -> r.getKey().equals("clean")).toList();
        assertThat(KafkaJobITCase.byId(cleanOut)).isEqualTo(KafkaJobITCase.byId(reference));
        StatsSnapshot expected = JsonLines.parseStatsSnapshot(
                Files.readAllLines(files.statsOutput()).get(0));
        assertThat(KafkaJobITCase.finalStats(topics).get("clean")).isEqualTo(expected);
    }
}
