package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving never writes a value that is not a number a model can use, nor lets one input through unchecked. */
class NonFiniteServingTest {
    @TempDir
    Path stateDir;

    @Test
    void aValueTheStatisticsCannotCarryIsADeadLetterNotAnInfiniteOutput() {
        try (TopologyFixture f = new TopologyFixture(stateDir)) {
            // Finite statistics, but epsilon 0, a tiny variance and a large gamma: (x - mean) * scale overflows.
            StatsSnapshot fragile = StatsSnapshot.newBuilder(example("k1", 3))
                    .setRunningMean(Arrays.asList(0.0, 0.0))
                    .setRunningVar(Arrays.asList(1e-300, 1.0))
                    .setGamma(Arrays.asList(1e100, 1.0))
                    .setEpsilon(0.0)
                    .build();
            f.publish(fragile, T0);
            f.serve("k1", feature("k1", T0, "overflows", 1e90, 1.0), T0);
            f.serve("k1", feature("k1", T0, "fine", 0.0, 1.0), T0 + 1);

            assertThat(f.readNormalized()).extracting(kv -> kv.value.getId()).containsExactly("fine");
            assertThat(f.readDeadLetters()).singleElement().satisfies(d -> {
                assertThat(d.getReason()).isEqualTo("NON_FINITE_OUTPUT");
                assertThat(d.getMessage()).contains("values[0]");
            });
        }
    }

    @Test
    void aValueBeyondMaxAbsValueIsRefusedBeforeNormalization() {
        try (TopologyFixture f = new TopologyFixture(stateDir, Map.of("max-abs-value", "1e6"))) {
            f.publish(example("k1", 1), T0);
            f.serve("k1", feature("k1", T0, "huge", 2e6, 1.0), T0);

            assertThat(f.readNormalized()).isEmpty();
            DeadLetter d = f.readDeadLetters().get(0);
            assertThat(d.getReason()).isEqualTo("VALUE_OUT_OF_RANGE");
            assertThat(d.getMessage()).contains("values[0]", "--max-abs-value");
        }
    }
}
