package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving normalizer in a TopologyTestDriver: outputs, their numbers and metadata. */
class ServingTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void normalizesWithTheKeysLatestSnapshotToHandComputedNumbers() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 3), T0);
            f.serve("k1", feature("k1", T0 + 5, "r1", 2.0, 12.0), T0 + 100);

            NormalizedRecord out = f.readNormalized().get(0).value;
            assertThat(out.getValues()).containsExactly(2.1, -0.5);
            assertThat(out.getMode()).isEqualTo(Mode.EVAL);
            assertThat(out.getStatsVersion()).isEqualTo(3);
            assertThat(out.getBatchSize()).isEqualTo(1);
            assertThat(out.getLate()).isFalse();
            assertThat(out.getKey()).isEqualTo("k1");
            assertThat(out.getId()).isEqualTo("r1");
            assertThat(out.getEventTime().toEpochMilli()).isEqualTo(T0 + 5);
            assertThat(out.getAttributes()).isEqualTo(Map.of("source", "test"));
        }
    }

    @Test
    void aSnapshotRepublishedAtTheSameVersionIsUsedAtOnce() {
        // The processor keeps each key's prepared snapshot; a gamma change publishes the same version again.
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            StatsSnapshot v3 = example("k1", 3);
            f.publish(v3, T0);
            f.serve("k1", feature("k1", T0 + 5, "r1", 2.0, 12.0), T0 + 100);
            f.serve("k1", feature("k1", T0 + 6, "r2", 2.0, 12.0), T0 + 101);
            f.publish(StatsSnapshot.newBuilder(v3).setGamma(List.of(2.0, 2.0)).build(), T0 + 200);
            f.serve("k1", feature("k1", T0 + 7, "r3", 2.0, 12.0), T0 + 300);

            List<NormalizedRecord> out =
                    f.readNormalized().stream().map(r -> r.value).toList();
            assertThat(out.get(0).getValues()).containsExactly(2.1, -0.5);
            assertThat(out.get(1).getValues()).isEqualTo(out.get(0).getValues());
            NormalizedRecord expected = ServingNormalizer.normalize(
                    feature("k1", T0 + 7, "r3", 2.0, 12.0),
                    StatsSnapshot.newBuilder(v3).setGamma(List.of(2.0, 2.0)).build(),
                    NormalizerConfig.defaults());
            assertThat(out.get(2)).isEqualTo(expected);
            assertThat(out.get(2).getValues()).isNotEqualTo(out.get(0).getValues());
        }
    }

    @Test
    void outputIsKeyedByTheRecordsKeyAndKeepsTimestampAndHeaders() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 1), T0);
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
            byte[] payload = AvroWire.featureRecords().encode(feature("k1", T0, "r1", 2.0, 12.0));
            f.serving.pipeInput(new TestRecord<>("load-balancer-7", payload, headers, T0 + 42));

            TestRecord<String, byte[]> out = f.readNormalizedRecords().get(0);
            assertThat(out.key()).isEqualTo("k1");
            assertThat(out.timestamp()).isEqualTo(T0 + 42);
            assertThat(out.headers().lastHeader("trace-id").value()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void missingValuesStayMissingByDefault() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 1), T0);
            f.serve("k1", feature("k1", T0, "r1", null, 12.0), T0);
            f.serve("k1", feature("k1", T0, "r2", Double.NaN, 12.0), T0 + 1);

            assertThat(f.readNormalized())
                    .extracting(kv -> kv.value.getValues())
                    .containsExactly(Arrays.asList(null, -0.5), Arrays.asList(null, -0.5));
        }
    }

    @Test
    void missingValuesBecomeBetaWithImpute() {
        try (TopologyFixture f = new TopologyFixture(stateDir, Map.of(NormalizerOptions.MISSING.key(), "impute"))) {
            f.publish(example("k1", 1), T0);
            f.serve("k1", feature("k1", T0, "r1", null, 12.0), T0);

            assertThat(f.readNormalized().get(0).value.getValues()).containsExactly(0.1, -0.5);
        }
    }

    @Test
    void aKeyWithoutStatisticsGoesToTheDeadLettersUntilItHasSome() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            byte[] payload = AvroWire.featureRecords().encode(feature("k9", T0, "r1", 2.0, 12.0));
            f.serveBytes("msg-key", payload, T0);

            List<byte[]> keys = f.deadLetters.readKeyValuesToList().stream()
                    .map(kv -> kv.key)
                    .toList();
            assertThat(keys).containsExactly("msg-key".getBytes(StandardCharsets.UTF_8));
            assertThat(f.readNormalized()).isEmpty();

            f.serveBytes("msg-key", payload, T0 + 1);
            DeadLetter letter = f.readDeadLetters().get(0);
            assertThat(letter.getReason()).isEqualTo("NO_STATISTICS");
            assertThat(letter.getMessage()).contains("'k9'", "'feature-stats'");
            assertThat(letter.getOriginal().array()).isEqualTo(payload);
            assertThat(letter.getTopic()).isEqualTo("features-serving");
            assertThat(letter.getPartition()).isEqualTo(0);
            assertThat(letter.getOffset()).isEqualTo(1L);
            assertThat(letter.getRejectedAt()).isEqualTo(TopologyFixture.WALL_CLOCK);

            f.publish(example("k9", 1), T0 + 2);
            f.serveBytes("msg-key", payload, T0 + 3);
            assertThat(f.readNormalized())
                    .singleElement()
                    .satisfies(kv -> assertThat(kv.value.getValues()).containsExactly(2.1, -0.5));
        }
    }

    @Test
    void aRecordOfTheWrongDimensionGoesToTheDeadLetters() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 1), T0);
            f.serve("k1", feature("k1", T0, "r1", 1.0, 2.0, 3.0), T0);

            assertThat(f.readNormalized()).isEmpty();
            DeadLetter letter = f.readDeadLetters().get(0);
            assertThat(letter.getReason()).isEqualTo("WRONG_DIMENSION");
            assertThat(letter.getMessage()).contains("field 'values' has 3 values", "dimension 2");
        }
    }

    @Test
    void invalidRecordsGoToTheDeadLettersWithTheCoreReason() {
        try (TopologyFixture f = new TopologyFixture(stateDir, Map.of(NormalizerOptions.MAX_DIMENSION.key(), "3"))) {
            f.publish(example("k1", 1), T0);
            f.serve("k1", feature("k1", T0, "r1", Double.POSITIVE_INFINITY, 1.0), T0);
            f.serve("k1", feature("", T0, "r2", 1.0, 1.0), T0 + 1);
            f.serve("k1", feature("k1", T0, "r3"), T0 + 2);
            f.serve("k1", feature("k1", T0, "r4", 1.0, 2.0, 3.0, 4.0), T0 + 3);

            assertThat(f.readDeadLetters())
                    .extracting(DeadLetter::getReason)
                    .containsExactly("INFINITE_VALUE", "MISSING_KEY", "EMPTY_VALUES", "DIMENSION_TOO_LARGE");
            assertThat(f.readNormalized()).isEmpty();
        }
    }

    @Test
    void everyInputGivesExactlyOneOutputOrDeadLetter() {
        try (TopologyFixture f = TopologyFixture.forUndecodableInput(stateDir)) {
            f.publish(example("k1", 1), T0);
            int inputs = 0;
            for (int i = 0; i < 20; i++) {
                FeatureRecord record = i % 5 == 0
                        ? feature("k1", T0 + i, "r" + i, 1.0)
                        : feature("k1", T0 + i, "r" + i, (double) i, (double) -i);
                f.serve("k1", record, T0 + i);
                inputs++;
            }
            f.serveBytes("k1", new byte[] {42}, T0 + 100);
            inputs++;

            assertThat(f.readNormalized()).hasSize(16);
            assertThat(f.readDeadLetters()).hasSize(inputs - 16);
        }
    }
}
