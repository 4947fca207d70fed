package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a features payload can be wrong, through both decoders of the features topic. */
class WireCodecErrorTest {
    private static final WireCodec<FeatureRecord> CODEC = AvroWire.featureRecords();
    private final byte[] valid = CODEC.encode(TestRecords.feature());

    static Stream<Named<Function<byte[], Object>>> decoders() {
        Function<byte[], Object> records = CODEC::decode;
        Function<byte[], Object> vectors = AvroWire.featureVectors()::decode;
        return Stream.of(Named.of("WireCodec", records), Named.of("FeatureVectorCodec", vectors));
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsNullAndShortPayloadsAsBadHeader(Function<byte[], Object> decoder) {
        for (byte[] payload : new byte[][] {null, {}, {(byte) 0xC3, 0x01}, Arrays.copyOf(valid, 9)}) {
            assertThatThrownBy(() -> decoder.apply(payload))
                    .isInstanceOfSatisfying(
                            WireFormatException.class,
                            e -> assertThat(e.reason()).isEqualTo(WireError.BAD_HEADER))
                    .hasMessageContaining("shorter than the 10-byte single-object header");
        }
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsAWrongMarkerAsBadHeader(Function<byte[], Object> decoder) {
        byte[] json = "{\"key\":\"k1\",\"event_time\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.apply(json))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.BAD_HEADER))
                .hasMessageContaining("starts with 7B 22, not the Avro single-object marker C3 01")
                .hasMessageContaining("BinaryMessageEncoder");
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void namesAnUnknownFingerprintInHex(Function<byte[], Object> decoder) {
        byte[] payload = Payloads.withHeader(0x0123456789ABCDEFL).string("k1").build();

        assertThatThrownBy(() -> decoder.apply(payload))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.UNKNOWN_SCHEMA))
                .hasMessageContaining("0123456789ABCDEF")
                .hasMessageContaining(CODEC.fingerprintHex());
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsAnotherRecordTypeAsUnknownSchema(Function<byte[], Object> decoder) {
        byte[] snapshot = AvroWire.statsSnapshots().encode(TestRecords.snapshot());

        assertThatThrownBy(() -> decoder.apply(snapshot))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.UNKNOWN_SCHEMA))
                .hasMessageContaining("holds a StatsSnapshot")
                .hasMessageContaining("FeatureRecord was expected");
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsEveryTruncationAsUndecodable(Function<byte[], Object> decoder) {
        for (int length = WireCodec.HEADER_LENGTH; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> decoder.apply(truncated))
                    .isInstanceOfSatisfying(
                            WireFormatException.class,
                            e -> assertThat(e.reason()).isEqualTo(WireError.UNDECODABLE))
                    .hasMessageContaining(CODEC.fingerprintHex());
        }
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsTrailingBytes(Function<byte[], Object> decoder) {
        byte[] padded = Arrays.copyOf(valid, valid.length + 3);

        assertThatThrownBy(() -> decoder.apply(padded))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(WireError.UNDECODABLE))
                .hasMessageContaining("3 unexpected bytes after the end of the record");
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsAHugeClaimedArrayWithoutAllocatingIt(Function<byte[], Object> decoder) {
        // key "k", event_time 0, then a values array claiming 2^31 - 9 elements followed by one double.
        byte[] payload = Payloads.withHeader(CODEC.fingerprint())
                .string("k")
                .varint(0)
                .varint((1L << 31) - 9)
                .bytes(2, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F)
                .varint(0)
                .bytes(0, 0)
                .build();

        WireFormatException e =
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> catchWireFormat(decoder, payload));

        assertThat(e.reason()).isEqualTo(WireError.UNDECODABLE);
        assertThat(e.getMessage()).contains("claims 2147483639 items");
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void aCountWithinTheItemBudgetButBeyondTheBytesAllocatesInProportion(Function<byte[], Object> decoder) {
        // A count just under the payload length passes the item budget, but the items that follow take nine
        // bytes each (branch 1, then a double): only running out of bytes reveals the claim as false.
        int size = 1 << 20;
        byte[] start = Payloads.withHeader(CODEC.fingerprint())
                .string("k")
                .varint(0)
                .varint(size - 100)
                .build();
        byte[] payload = Arrays.copyOf(start, size);
        Arrays.fill(payload, start.length, size, (byte) 2);

        assertThat(catchWireFormat(decoder, payload).getMessage()).contains("truncated");
        assertBoundedAllocation(decoder, payload);
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void manySmallBlocksAllocateInProportionToThePayload(Function<byte[], Object> decoder) {
        // 300,000 blocks of one missing value each: the array grows without copying quadratically.
        Payloads blocks = Payloads.withHeader(CODEC.fingerprint()).string("k").varint(0);
        for (int i = 0; i < 300_000; i++) {
            blocks.varint(1).bytes(0);
        }
        byte[] payload = blocks.varint(0).bytes(0, 0).build();

        Object decoded = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> decoder.apply(payload));

        assertThat(decoded).isNotNull();
        assertBoundedAllocation(decoder, payload);
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsHugeAndNegativeLengthsWithoutAllocating(Function<byte[], Object> decoder) {
        long[] lengths = {Integer.MAX_VALUE - 100, 1L << 40, -5, Long.MIN_VALUE};
        for (long length : lengths) {
            byte[] payload = Payloads.withHeader(CODEC.fingerprint())
                    .varint(length)
                    .bytes('k')
                    .build();
            WireFormatException e =
                    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> catchWireFormat(decoder, payload));
            assertThat(e.reason()).as("length %d", length).isEqualTo(WireError.UNDECODABLE);
        }
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsAnOverlongVarint(Function<byte[], Object> decoder) {
        byte[] payload = Payloads.withHeader(CODEC.fingerprint())
                .string("k")
                .bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)
                .build();

        assertThat(catchWireFormat(decoder, payload).getMessage()).contains("invalid variable-length number");
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void rejectsAnOutOfRangeUnionBranch(Function<byte[], Object> decoder) {
        byte[] payload = Payloads.withHeader(CODEC.fingerprint())
                .string("k")
                .varint(0)
                .varint(1)
                .varint(2)
                .varint(0)
                .varint(0)
                .varint(0)
                .build();

        assertThat(catchWireFormat(decoder, payload).getMessage()).contains("union branch index 2 out of range [0, 2)");
    }

    /** At most 24 bytes allocated per payload byte (a double per item, grown geometrically), plus 1 MiB. */
    private static void assertBoundedAllocation(Function<byte[], Object> decoder, byte[] payload) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try {
            decoder.apply(payload);
        } catch (WireFormatException expected) {
            // Warm-up: the measured run below should not count class loading.
        }
        long before = threads.getThreadAllocatedBytes(thread);
        try {
            decoder.apply(payload);
        } catch (WireFormatException expected) {
            assertThat(expected.reason()).isEqualTo(WireError.UNDECODABLE);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).isLessThan(24L * payload.length + (1 << 20));
    }

    private static WireFormatException catchWireFormat(Function<byte[], Object> decoder, byte[] payload) {
        try {
            decoder.apply(payload);
        } catch (WireFormatException e) {
            return e;
        }
        throw new AssertionError("decoding succeeded");
    }
}
