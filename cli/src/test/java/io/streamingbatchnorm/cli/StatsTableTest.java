package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The human-readable statistics table. */
class StatsTableTest {
    @Test
    void oneAlignedRowPerKeyWithTheFirstFeatures() {
        StatsSnapshot wide = StatsSnapshot.newBuilder()
                .setKey("a")
                .setVersion(3)
                .setMode(Mode.TRAIN)
                .setCount(96)
                .setRunningMean(List.of(1.0, 2.0, 3.0, 4.0))
                .setRunningVar(List.of(0.5, 0.25, 0.125, 1e-9))
                .setGamma(List.of(1.0, 1.0, 1.0, 1.0))
                .setBeta(List.of(0.0, 0.0, 0.0, 0.0))
                .setMomentum(0.9)
                .setEpsilon(1e-5)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
        StatsSnapshot fresh = StatsSnapshot.newBuilder(wide)
                .setKey("key-with-a-long-name")
                .setVersion(0)
                .setMode(Mode.EVAL)
                .setCount(0)
                .setEventTime(null)
                .build();

        List<String> lines = StatsTable.format(List.of(wide, fresh), 2);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("KEY                   VERSION  MODE   COUNT  DIM  LAST EVENT TIME");
        assertThat(lines.get(1))
                .startsWith("a                           3  TRAIN     96    4  2023-11-14T22:13:20Z")
                .endsWith("[1.00000, 2.00000, ...]  [0.500000, 0.250000, ...]");
        assertThat(lines.get(2)).contains("key-with-a-long-name        0  EVAL       0    4  -");
    }

    @Test
    void firstShowsAllValuesWhenThereAreFewEnough() {
        assertThat(StatsTable.first(List.of(1.5, -2.0), 3)).isEqualTo("[1.50000, -2.00000]");
        assertThat(StatsTable.first(List.of(1.5, -2.0), 0)).isEqualTo("[...]");
    }
}
