package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.TestRecords;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift event line, its round trips, and the mapping from the core's events. */
class DriftEventLinesTest {

    @Test
    void writesTheLineOfTheIssue() {
        assertThat(JsonLines.writeDriftEvent(TestRecords.driftEvent()))
                .isEqualTo("{\"key\":\"k1\",\"mode\":\"TRAIN\",\"stats_version\":12,\"window_size\":32,"
                        + "\"first_event_time\":1700000000000,\"last_event_time\":1700000031000,"
                        + "\"shift\":[1.5,null,0.1,-0.25],\"ratio\":[1.0,null,0.3,4.5],\"crossed\":[0,3]}");
    }

    @Test
    void roundTripsToTheBit() {
        DriftEvent event = TestRecords.driftEvent();
        event.setShift(Arrays.asList(0.1 + 0.2, Double.MIN_VALUE, -1e-300, Double.POSITIVE_INFINITY));
        event.setRatio(Arrays.asList(1.0 / 3, 4.000000000000001, null, Double.MAX_VALUE));

        String line = JsonLines.writeDriftEvent(event);

        assertThat(line).contains("\"shift\":[0.30000000000000004,4.9E-324,-1.0E-300,\"Infinity\"]");
        assertThat(JsonLines.parseDriftEvent(line)).isEqualTo(event);
        assertThat(AvroWire.driftEvents().decode(AvroWire.driftEvents().encode(event)))
                .isEqualTo(event);
    }

    @Test
    void coreEventsMapBothWays() {
        io.streamingbatchnorm.core.DriftEvent core = new io.streamingbatchnorm.core.DriftEvent(
                "k9",
                Mode.EVAL,
                4,
                256,
                1_700_000_000_000L,
                1_700_000_255_000L,
                new double[] {2.5, Double.NaN, -0.5},
                new double[] {1.0, Double.NaN, 9.0},
                new int[] {0, 2});

        DriftEvent avro = CoreMapping.toAvro(core);

        assertThat(avro.getShift()).containsExactly(2.5, null, -0.5);
        assertThat(avro.getCrossed()).containsExactly(0, 2);
        assertThat(avro.getMode()).isEqualTo(io.streamingbatchnorm.avro.Mode.EVAL);
        assertThat(CoreMapping.toCore(avro)).isEqualTo(core);
        assertThat(JsonLines.writeDriftEvent(avro))
                .isEqualTo("{\"key\":\"k9\",\"mode\":\"EVAL\",\"stats_version\":4,\"window_size\":256,"
                        + "\"first_event_time\":1700000000000,\"last_event_time\":1700000255000,"
                        + "\"shift\":[2.5,null,-0.5],\"ratio\":[1.0,null,9.0],\"crossed\":[0,2]}");
    }

    @Test
    void badLinesNameTheField() {
        String line = JsonLines.writeDriftEvent(TestRecords.driftEvent());

        assertThatThrownBy(() -> JsonLines.parseDriftEvent(line.replace("[0,3]", "[0,\"3\"]")))
                .isInstanceOf(JsonLineException.class)
                .hasMessageContaining("crossed[1]");
        assertThatThrownBy(() -> JsonLines.parseDriftEvent(line.replace("\"window_size\":32,", "")))
                .isInstanceOf(JsonLineException.class)
                .hasMessageContaining("window_size");
        assertThat(JsonLines.parseDriftEvent(line.replace("}", ",\"extra\":[1]}"))
                        .getCrossed())
                .isEqualTo(List.of(0, 3));
    }
}
