package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireCodecErrorTest {
    private final WireCodec<FeatureRecord> codec = AvroWire.featureRecords();
    private final byte[] valid = codec.encode(TestRecords.feature());

    @Test
    void rejectsNullAndShortPayloadsAsBadHeader() {
        for (byte[] payload : new byte[][] {null, {}, {(byte) 0xC3, 0x01}, Arrays.copyOf(valid, 9)}) {
            assertThatThrownBy(() -> codec.decode(payload))
                    .isInstanceOfSatisfying(
                            WireFormatException.class,
                            e -> assertThat(e.reason()).isEqualTo(WireError.BAD_HEADER))
                    .hasMessageContaining("shorter than the 10-byte single-object header");
        }
    }

    @Test
    void rejectsAWrongMarkerAsBadHeader() {
        byte[] json = "{\"key\":\"k1\",\"event_time\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(json))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.BAD_HEADER))
                .hasMessageContaining("starts with 7B 22, not the Avro single-object marker C3 01")
                .hasMessageContaining("BinaryMessageEncoder");
    }

    @Test
    void namesAnUnknownFingerprintInHex() {
        byte[] payload = Payloads.withHeader(0x0123456789ABCDEFL).string("k1").build();

        assertThatThrownBy(() -> codec.decode(payload))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.UNKNOWN_SCHEMA))
                .hasMessageContaining("0123456789ABCDEF")
                .hasMessageContaining(codec.fingerprintHex());
    }

    @Test
    void rejectsAnotherRecordTypeAsUnknownSchema() {
        byte[] snapshot = AvroWire.statsSnapshots().encode(TestRecords.snapshot());

        assertThatThrownBy(() -> codec.decode(snapshot))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.UNKNOWN_SCHEMA))
                .hasMessageContaining("holds a StatsSnapshot")
                .hasMessageContaining("FeatureRecord was expected");
    }

    @Test
    void rejectsEveryTruncationAsUndecodable() {
        for (int length = WireCodec.HEADER_LENGTH; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> codec.decode(truncated))
                    .isInstanceOfSatisfying(
                            WireFormatException.class,
                            e -> assertThat(e.reason()).isEqualTo(WireError.UNDECODABLE))
                    .hasMessageContaining(codec.fingerprintHex());
        }
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] padded = Arrays.copyOf(valid, valid.length + 3);

        assertThatThrownBy(() -> codec.decode(padded))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.UNDECODABLE))
                .hasMessageContaining("3 unexpected bytes after the end of the record");
    }

    @Test
    void rejectsAHugeClaimedArrayWithoutAllocatingIt() {
        // key "k", event_time 0, then a values array claiming 2^31 - 9 elements followed by one double.
        byte[] payload = Payloads.withHeader(codec.fingerprint())
                .string("k")
                .varint(0)
                .varint((1L << 31) - 9)
                .bytes(2, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F)
                .varint(0)
                .bytes(0, 0)
                .build();

        WireFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> catchWireFormat(payload));

        assertThat(e.reason()).isEqualTo(WireError.UNDECODABLE);
        assertThat(e.getMessage()).contains("claims 2147483639 items");
    }

    @Test
    void rejectsHugeAndNegativeLengthsWithoutAllocating() {
        long[] lengths = {Integer.MAX_VALUE - 100, 1L << 40, -5, Long.MIN_VALUE};
        for (long length : lengths) {
            byte[] payload = Payloads.withHeader(codec.fingerprint())
                    .varint(length)
                    .bytes('k')
                    .build();
            WireFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> catchWireFormat(payload));
            assertThat(e.reason()).as("length %d", length).isEqualTo(WireError.UNDECODABLE);
        }
    }

    @Test
    void rejectsAnOverlongVarint() {
        byte[] payload = Payloads.withHeader(codec.fingerprint())
                .string("k")
                .bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)
                .build();

        assertThat(catchWireFormat(payload).getMessage()).contains("invalid variable-length number");
    }

    @Test
    void rejectsAnOutOfRangeUnionBranch() {
        byte[] payload = Payloads.withHeader(codec.fingerprint())
                .string("k")
                .varint(0)
                .varint(1)
                .varint(2)
                .varint(0)
                .varint(0)
                .varint(0)
                .build();

        assertThat(catchWireFormat(payload).getMessage()).contains("union branch index 2 out of range [0, 2)");
    }

    private WireFormatException catchWireFormat(byte[] payload) {
        try {
            codec.decode(payload);
        } catch (WireFormatException e) {
            return e;
        }
        throw new AssertionError("decoding succeeded");
    }
}
