package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.StatsVersion;
import io.streamingbatchnorm.schemas.VersionPin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving records pinned to a statistics version by their header, in a TopologyTestDriver. */
class PinnedServingTest {
    private static final FeatureRecord X = feature("k1", T0, "r1", 2.0, 12.0);

    @TempDir
    Path stateDir;

    /** Version {@code v} of k1: every version has other statistics, so outputs tell them apart. */
    static StatsSnapshot version(long v, int generation) {
        return StatsSnapshot.newBuilder(TestData.snapshot(
                        "k1",
                        v,
                        new double[] {1.5 + v / 7.0, 10.0 - v / 3.0},
                        new double[] {0.25 + v, 4.0 / (v + 1)},
                        new double[] {2.0, 0.5},
                        new double[] {0.1, -1.0},
                        1e-5))
                .setResetGeneration(generation)
                .build();
    }

    private static long[] bits(NormalizedRecord r) {
        return r.getValues().stream().mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void aPinnedStreamKeepsItsBitsWhileNewerSnapshotsArriveUntilItsVersionLeavesTheHistory() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            NormalizedRecord expected = ServingNormalizer.normalize(X, version(2, 0), NormalizerConfig.defaults());
            for (long v = 1; v <= 17; v++) {
                f.publish(version(v, 0), T0 + v);
                if (v >= 2) {
                    f.servePinned("m", X, "2", T0 + v);
                    f.serve("m", X, T0 + v);
                }
            }
            List<KeyValue<String, NormalizedRecord>> out = f.readNormalized();
            assertThat(out).hasSize(32);
            for (int i = 0; i < out.size(); i += 2) {
                NormalizedRecord pinned = out.get(i).value;
                NormalizedRecord latest = out.get(i + 1).value;
                assertThat(bits(pinned)).isEqualTo(bits(expected));
                assertThat(pinned.getStatsVersion()).isEqualTo(2);
                assertThat(latest.getStatsVersion()).isEqualTo(2 + i / 2);
            }
            assertThat(f.readDeadLetters()).isEmpty();
            assertThat(f.store().get("k1").versions()).hasSize(16).startsWith(new StatsVersion(0, 2));

            // The 16 newest are 3 to 18 now: version 2 is gone, and a record pinned to it is never served otherwise.
            f.publish(version(18, 0), T0 + 18);
            f.servePinned("m", X, "2", T0 + 18);

            assertThat(f.readNormalized()).isEmpty();
            DeadLetter letter = f.readDeadLetters().get(0);
            assertThat(letter.getReason()).isEqualTo("VERSION_UNAVAILABLE");
            assertThat(letter.getMessage())
                    .contains(
                            "key 'k1' pinned to statistics version 2 by header 'stats-version'",
                            "version 0:2 is no longer held; held: 16 versions, 0:3 to 0:18",
                            "--history");
            assertThat(letter.getOriginal().array())
                    .isEqualTo(AvroWire.featureRecords().encode(X));
        }
    }

    @Test
    void theOutputCarriesThePinnedVersionAndTheHeader() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(version(4, 0), T0);
            f.publish(version(5, 0), T0 + 1);
            f.servePinned("m", X, "0:4", T0 + 2);

            TestRecord<String, byte[]> out = f.readNormalizedRecords().get(0);
            assertThat(AvroWire.normalizedRecords().decode(out.value()).getStatsVersion())
                    .isEqualTo(4);
            assertThat(new String(out.headers().lastHeader(VersionPin.HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo("0:4");
        }
    }

    @Test
    void afterAResetAPinMustNameTheGeneration() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(version(3, 0), T0);
            f.publish(version(1, 1), T0 + 1);
            f.publish(version(3, 1), T0 + 2);
            f.servePinned("m", X, "0:3", T0 + 3);
            f.servePinned("m", X, "1:3", T0 + 4);
            f.servePinned("m", X, "3", T0 + 5);
            f.servePinned("m", X, "1:2", T0 + 6);

            List<KeyValue<String, NormalizedRecord>> out = f.readNormalized();
            assertThat(bits(out.get(0).value))
                    .isEqualTo(bits(ServingNormalizer.normalize(X, version(3, 0), NormalizerConfig.defaults())));
            assertThat(bits(out.get(1).value))
                    .isEqualTo(bits(ServingNormalizer.normalize(X, version(3, 1), NormalizerConfig.defaults())));
            assertThat(out).hasSize(2);
            List<DeadLetter> letters = f.readDeadLetters();
            assertThat(letters)
                    .extracting(DeadLetter::getReason)
                    .containsExactly("VERSION_UNAVAILABLE", "VERSION_UNAVAILABLE");
            assertThat(letters.get(0).getMessage()).contains("the key was reset", "such as 1:3");
            assertThat(letters.get(1).getMessage()).contains("version 1:2 is no longer held");
        }
    }

    @Test
    void aMalformedPinIsADeadLetterOfItsOwn() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(version(3, 0), T0);
            f.servePinned("m", X, "latest", T0 + 1);

            DeadLetter letter = f.readDeadLetters().get(0);
            assertThat(letter.getReason()).isEqualTo("INVALID_STATS_VERSION");
            assertThat(letter.getMessage())
                    .startsWith("header 'stats-version': 'latest' is not a statistics version: write N");
        }
    }

    @Test
    void theHistoryKeepsTheNewestVersionsWhateverTheOrderTheyArriveIn() {
        try (TopologyFixture f = new TopologyFixture(stateDir, Map.of("history", "3"))) {
            for (long v : new long[] {5, 2, 7, 6, 1, 4}) {
                f.publish(version(v, 0), T0 + v);
            }
            assertThat(f.store().get("k1").versions())
                    .containsExactly(new StatsVersion(0, 5), new StatsVersion(0, 6), new StatsVersion(0, 7));
            assertThat(f.latest("k1").getVersion()).isEqualTo(7);

            // A version published again (new gamma, no new batch) replaces the held one, pinned or not.
            f.publish(
                    StatsSnapshot.newBuilder(version(6, 0))
                            .setGamma(List.of(4.0, 1.0))
                            .build(),
                    T0 + 20);
            f.servePinned("m", X, "6", T0 + 21);
            assertThat(f.readNormalized().get(0).value.getValues().get(0))
                    .isEqualTo(ServingNormalizer.normalize(
                                    X,
                                    StatsSnapshot.newBuilder(version(6, 0))
                                            .setGamma(List.of(4.0, 1.0))
                                            .build(),
                                    NormalizerConfig.defaults())
                            .getValues()
                            .get(0));
        }
    }
}
