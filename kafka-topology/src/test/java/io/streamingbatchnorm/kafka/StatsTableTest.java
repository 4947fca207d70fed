package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics table: which snapshot of a key is kept, and which are refused. */
class StatsTableTest {

    @TempDir
    Path stateDir;

    @Test
    void latestVersionWinsAndServingUsesIt() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 1), T0);
            f.publish(example("k1", 2), T0 + 1);
            f.publish(example("k1", 3), T0 + 2);

            assertThat(f.latest("k1").getVersion()).isEqualTo(3);
            f.serve("k1", feature("k1", T0 + 10, "r1", 2.0, 12.0), T0 + 10);
            assertThat(f.readNormalized())
                    .singleElement()
                    .satisfies(kv -> assertThat(kv.value.getStatsVersion()).isEqualTo(3));
        }
    }

    @Test
    void anOlderVersionNeverReplacesANewerOne() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 5), T0);
            f.publish(example("k1", 3), T0 + 1);
            f.publish(example("k1", 4), T0 + 2);

            assertThat(f.latest("k1").getVersion()).isEqualTo(5);
            f.serve("k1", feature("k1", T0 + 10, "r1", 2.0, 12.0), T0 + 10);
            assertThat(f.readNormalized().get(0).value.getStatsVersion()).isEqualTo(5);
        }
    }

    @Test
    void aSnapshotAfterAResetReplacesHigherVersionsFromBeforeIt() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 7), T0);
            f.publish(
                    StatsSnapshot.newBuilder(example("k1", 1))
                            .setResetGeneration(1)
                            .build(),
                    T0 + 1);
            f.publish(example("k1", 6), T0 + 2);

            assertThat(f.latest("k1").getVersion()).isEqualTo(1);
            assertThat(f.latest("k1").getResetGeneration()).isEqualTo(1);
        }
    }

    @Test
    void theSameVersionReplacesBecauseParametersChangeWithoutABatch() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 5), T0);
            StatsSnapshot newGamma = StatsSnapshot.newBuilder(example("k1", 5))
                    .setGamma(Arrays.asList(4.0, 1.0))
                    .build();
            f.publish(newGamma, T0 + 1);

            assertThat(f.latest("k1").getGamma()).containsExactly(4.0, 1.0);
        }
    }

    @Test
    void keysAreIndependent() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 7), T0);
            f.publish(example("k2", 1), T0 + 1);

            assertThat(f.latest("k1").getVersion()).isEqualTo(7);
            assertThat(f.latest("k2").getVersion()).isEqualTo(1);
        }
    }

    @Test
    void aTombstoneRemovesTheKey() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 2), T0);
            f.stats.pipeInput("k1", null, T0 + 1);

            assertThat(f.latest("k1")).isNull();
        }
    }

    @Test
    void unusableSnapshotsAreSkippedAndTheStoredOneStays() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.publish(example("k1", 2), T0);
            f.stats.pipeInput("k1", new byte[] {1, 2, 3}, T0 + 1);
            StatsSnapshot shortVar = StatsSnapshot.newBuilder(example("k1", 9))
                    .setRunningVar(Arrays.asList(1.0))
                    .build();
            f.publish(shortVar, T0 + 2);
            StatsSnapshot negativeVar = StatsSnapshot.newBuilder(example("k1", 9))
                    .setRunningVar(Arrays.asList(1.0, -1.0))
                    .build();
            f.publish(negativeVar, T0 + 3);
            StatsSnapshot nanMean = StatsSnapshot.newBuilder(example("k1", 9))
                    .setRunningMean(Arrays.asList(Double.NaN, 1.0))
                    .build();
            f.publish(nanMean, T0 + 4);

            assertThat(f.latest("k1").getVersion()).isEqualTo(2);
        }
    }

    @Test
    void aSnapshotUnderAnotherMessageKeyIsSkipped() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.stats.pipeInput("other", AvroWire.statsSnapshots().encode(example("k1", 1)), T0);

            assertThat(f.latest("k1")).isNull();
            assertThat(f.latest("other")).isNull();
        }
    }

    @Test
    void aSnapshotWithoutMessageKeyIsStoredUnderItsOwnKey() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            f.stats.pipeInput(null, AvroWire.statsSnapshots().encode(example("k1", 1)), T0);

            assertThat(f.latest("k1").getVersion()).isEqualTo(1);
        }
    }
}
