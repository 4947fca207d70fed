package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of(AvroWire.featureRecords(), TestRecords.feature()),
                Arguments.of(AvroWire.featureRecords(), TestRecords.minimalFeature()),
                Arguments.of(AvroWire.normalizedRecords(), TestRecords.normalized()),
                Arguments.of(AvroWire.statsSnapshots(), TestRecords.snapshot()),
                Arguments.of(AvroWire.controlCommands(), TestRecords.setAffine()),
                Arguments.of(AvroWire.controlCommands(), TestRecords.eval()),
                Arguments.of(AvroWire.deadLetters(), TestRecords.deadLetter()),
                Arguments.of(AvroWire.driftEvents(), TestRecords.driftEvent()));
    }

    @ParameterizedTest
    @MethodSource("records")
    <T extends SpecificRecord> void roundTripsWithHeader(WireCodec<T> codec, T record) {
        byte[] bytes = codec.encode(record);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint =
                ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(codec.fingerprint()).isEqualTo(SchemaCatalog.fingerprint(record.getSchema()));
        assertThat(codec.decode(bytes)).isEqualTo(record);
    }

    @Test
    void exposesFingerprintsOfTheCurrentSchemas() {
        SchemaCatalog catalog = AvroWire.catalog();
        for (WireCodec<?> codec : List.of(
                AvroWire.featureRecords(),
                AvroWire.normalizedRecords(),
                AvroWire.statsSnapshots(),
                AvroWire.controlCommands(),
                AvroWire.deadLetters(),
                AvroWire.driftEvents())) {
            assertThat(catalog.lookup(codec.fingerprint())).contains(codec.schema());
            assertThat(catalog.current()).containsEntry(codec.schema().getFullName(), codec.schema());
            assertThat(codec.fingerprintHex()).hasSize(16).isEqualTo(SchemaCatalog.hex(codec.fingerprint()));
        }
        assertThat(catalog.current()).hasSize(6);
    }

    @Test
    void refusesToEncodeARecordWithoutARequiredField() {
        FeatureRecord incomplete = TestRecords.feature();
        incomplete.setKey(null);

        assertThatThrownBy(() -> AvroWire.featureRecords().encode(incomplete))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot encode FeatureRecord")
                .hasMessageContaining("key");
    }

    @Test
    void aRefusedRecordLeavesNothingBehindInTheNextOne() {
        WireCodec<FeatureRecord> codec = AvroWire.featureRecords();
        byte[] expected = codec.encode(TestRecords.feature());
        FeatureRecord refused = TestRecords.feature();
        Map<String, String> attributes = new HashMap<>();
        attributes.put("source", null);
        refused.setAttributes(attributes);

        assertThatThrownBy(() -> codec.encode(refused)).isInstanceOf(IllegalArgumentException.class);

        assertThat(codec.encode(TestRecords.feature())).isEqualTo(expected);
    }

    @Test
    void eventTimeKeepsMillisecondPrecision() {
        FeatureRecord record = TestRecords.feature();
        record.setEventTime(TestRecords.T0.plusNanos(1_234_567));

        FeatureRecord decoded =
                AvroWire.featureRecords().decode(AvroWire.featureRecords().encode(record));

        assertThat(decoded.getEventTime()).isEqualTo(TestRecords.T0.plusMillis(1));
    }

    @Test
    void decodesConcurrentlyFromOneSharedCodec() throws Exception {
        WireCodec<FeatureRecord> codec = AvroWire.featureRecords();
        List<byte[]> payloads = new ArrayList<>();
        List<FeatureRecord> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            FeatureRecord record = TestRecords.feature();
            record.setKey("k" + i);
            record.setValues(List.of((double) i, i * 0.5, -i / 3.0));
            expected.add(record);
            payloads.add(codec.encode(record));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < payloads.size(); i++) {
                            if (!codec.decode(payloads.get(i)).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
