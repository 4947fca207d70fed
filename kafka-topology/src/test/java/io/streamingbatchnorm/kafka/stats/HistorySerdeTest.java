package io.streamingbatchnorm.kafka.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.kafka.TestData;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.StatsVersion;
import io.streamingbatchnorm.schemas.VersionPin;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HistorySerdeTest {
    private static StatsSnapshot v(long version) {
        return TestData.example("k1", version);
    }

    @Test
    void aHistoryRoundTripsAndALowerLimitKeepsTheNewest() {
        SnapshotHistory h = SnapshotHistory.of(List.of(v(3), v(1), v(2), v(4)), 16);
        HistorySerde serde = new HistorySerde(16);

        SnapshotHistory back =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", h));

        assertThat(back.versions()).isEqualTo(h.versions());
        List<StatsSnapshot> all = new ArrayList<>();
        for (int i = 0; i < back.size(); i++) {
            all.add(back.get(i));
        }
        assertThat(all).containsExactly(v(1), v(2), v(3), v(4));
        SnapshotHistory lowered = new HistorySerde(2)
                .deserializer()
                .deserialize("t", serde.serializer().serialize("t", h));
        assertThat(lowered.versions()).containsExactly(new StatsVersion(0, 3), new StatsVersion(0, 4));
        assertThat(lowered.find(VersionPin.parse("3"))).contains(v(3));
        assertThat(lowered.find(VersionPin.parse("2"))).isEmpty();
    }

    @Test
    void aStoreWrittenBeforeHistoriesReadsAsAHistoryOfOne() {
        byte[] single = AvroWire.statsSnapshots().encode(v(9));

        SnapshotHistory h = new HistorySerde(16).deserializer().deserialize("t", single);

        assertThat(h.versions()).containsExactly(new StatsVersion(0, 9));
        assertThat(h.latest()).isEqualTo(v(9));
    }

    @Test
    void garbageIsASerializationError() {
        assertThatThrownBy(() -> new HistorySerde(16).deserializer().deserialize("t", new byte[] {'H', 1, 0, 0, 0, 9}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> new HistorySerde(16).deserializer().deserialize("t", new byte[] {'X', 1}))
                .isInstanceOf(SerializationException.class);
    }
}
