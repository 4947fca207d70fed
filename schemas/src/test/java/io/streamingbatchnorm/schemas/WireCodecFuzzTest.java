package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Arbitrary bytes must decode or fail with a WireFormatException, never anything else. */
class WireCodecFuzzTest {
    private static final long SEED = 20240611L;
    /** How many of the 2,000 flipped payloads of each record in the bit-flip test decode, with this seed. */
    private static final Integer[] FLIPS_DECODED = {991, 332, 860, 1216, 987, 152, 1113};

    @Test
    void randomPayloadsOnlyEverFailWithWireFormatException() {
        Random random = new Random(SEED);
        List<WireCodec<?>> codecs = codecs();
        int[] decoded = new int[1];
        for (int i = 0; i < 10_000; i++) {
            WireCodec<?> codec = codecs.get(i % codecs.size());
            byte[] payload = new byte[random.nextInt(200)];
            random.nextBytes(payload);
            // Most random bytes die at the header; give three quarters a valid header to reach the body.
            if (payload.length >= WireCodec.HEADER_LENGTH && i % 4 != 0) {
                byte[] header = Payloads.withHeader(codec.fingerprint()).build();
                System.arraycopy(header, 0, payload, 0, header.length);
            }
            decodeOrWireFormatException(codec, payload, r -> decoded[0]++);
        }
        assertThat(decoded[0]).isLessThan(10_000);
    }

    @Test
    void bitFlipsOfValidPayloadsOnlyEverFailWithWireFormatException() {
        Random random = new Random(SEED + 1);
        List<Integer> decoded = List.of(
                flip(random, AvroWire.featureRecords(), TestRecords.feature()),
                flip(random, AvroWire.featureRecords(), TestRecords.minimalFeature()),
                flip(random, AvroWire.normalizedRecords(), TestRecords.normalized()),
                flip(random, AvroWire.statsSnapshots(), TestRecords.snapshot()),
                flip(random, AvroWire.controlCommands(), TestRecords.setAffine()),
                flip(random, AvroWire.controlCommands(), TestRecords.eval()),
                flip(random, AvroWire.deadLetters(), TestRecords.deadLetter()));
        // How many of each record's 2,000 flipped payloads still decode with this seed: the counts pin what the
        // codec accepts, so a codec that lets more corruptions through (or fewer) fails here.
        assertThat(decoded).containsExactly(FLIPS_DECODED);
    }

    /**
     * Decodes 2,000 copies of {@code record}'s payload with one to three bits flipped; returns how many decoded.
     * A flipped payload that decodes is a record of the current schema: it encodes again, and what it encodes to
     * reads back as the same record.
     */
    private static <T extends SpecificRecord> int flip(Random random, WireCodec<T> codec, T record) {
        byte[] valid = codec.encode(record);
        int decoded = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = valid.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int bit = random.nextInt(payload.length * 8);
                payload[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            T read = decodeOrNull(codec, payload);
            if (read != null) {
                decoded++;
                String hex = java.util.HexFormat.of().formatHex(payload);
                byte[] again = codec.encode(read);
                assertThat(codec.decode(again)).as("payload %s read back", hex).isEqualTo(read);
                assertThat(codec.encode(codec.decode(again)))
                        .as("payload %s encoded twice", hex)
                        .isEqualTo(again);
            }
        }
        return decoded;
    }

    /** The decoded record, or null if decoding failed with a {@link WireFormatException} (checked for a reason). */
    private static <T extends SpecificRecord> T decodeOrNull(WireCodec<T> codec, byte[] payload) {
        List<T> read = new java.util.ArrayList<>();
        decodeOrWireFormatException(codec, payload, read::add);
        return read.isEmpty() ? null : read.get(0);
    }

    private static <T extends SpecificRecord> void decodeOrWireFormatException(
            WireCodec<T> codec, byte[] payload, java.util.function.Consumer<T> decoded) {
        assertThatCode(() -> {
                    try {
                        T read = codec.decode(payload);
                        assertThat(read).isNotNull();
                        decoded.accept(read);
                    } catch (WireFormatException expected) {
                        assertThat(expected.reason()).isNotNull();
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                })
                .as("payload %s", java.util.HexFormat.of().formatHex(payload))
                .doesNotThrowAnyException();
    }

    private static List<WireCodec<?>> codecs() {
        return List.of(
                AvroWire.featureRecords(),
                AvroWire.normalizedRecords(),
                AvroWire.statsSnapshots(),
                AvroWire.controlCommands(),
                AvroWire.deadLetters());
    }
}
