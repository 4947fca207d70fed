package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftTableTest {

    private static DriftEvent event(int features, List<Integer> crossed) {
        List<Double> shift = new ArrayList<>(Collections.nCopies(features, 2.0));
        List<Double> ratio = new ArrayList<>(Collections.nCopies(features, 0.125));
        shift.set(0, null);
        ratio.set(0, null);
        return DriftEvent.newBuilder()
                .setKey("a-rather-long-key-name")
                .setMode(Mode.EVAL)
                .setStatsVersion(123456789)
                .setWindowSize(256)
                .setFirstEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
                .setLastEventTime(Instant.ofEpochMilli(1_700_000_255_000L))
                .setShift(shift)
                .setRatio(ratio)
                .setCrossed(crossed)
                .build();
    }

    @Test
    void linesLineUpUnderTheHeaderAndALongKeyWidensOnlyItsLine() {
        String header = DriftTable.header();
        String line = DriftTable.line(event(3, List.of(1, 2)));

        assertThat(header.indexOf("LAST EVENT TIME")).isEqualTo(26);
        assertThat(line.indexOf("2023-11-14T22:17:35Z")).isEqualTo(26);
        assertThat(line).startsWith("2023-11-14T22:13:20.123Z").contains("a-rather-long-key-name  EVAL");
        assertThat(line).endsWith("123456789      256  1 (+2.00, 0.125)  2 (+2.00, 0.125)");
    }

    @Test
    void manyCrossedFeaturesAreCountedAndUnmeasuredOnesShowADash() {
        assertThat(DriftTable.crossed(event(8, List.of(0, 1, 2, 3, 4, 5))))
                .isEqualTo("0 (-, -)  1 (+2.00, 0.125)  2 (+2.00, 0.125)  3 (+2.00, 0.125)  +2 more");
    }
}
