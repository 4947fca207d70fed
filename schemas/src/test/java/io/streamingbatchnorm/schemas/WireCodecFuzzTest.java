package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes must decode or fail with a WireFormatException, never anything else; the two decoders of
 * the features topic must agree on every payload.
 */
class WireCodecFuzzTest {
    private static final long SEED = 20240611L;

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
            decodeOrWireFormatException(codec, payload, decoded);
        }
        assertThat(decoded[0]).isLessThan(10_000);
    }

    @Test
    void bitFlipsOfValidPayloadsOnlyEverFailWithWireFormatException() {
        Random random = new Random(SEED + 1);
        flip(random, AvroWire.featureRecords(), TestRecords.feature());
        flip(random, AvroWire.featureRecords(), TestRecords.minimalFeature());
        flip(random, AvroWire.normalizedRecords(), TestRecords.normalized());
        flip(random, AvroWire.statsSnapshots(), TestRecords.snapshot());
        flip(random, AvroWire.controlCommands(), TestRecords.setAffine());
        flip(random, AvroWire.controlCommands(), TestRecords.eval());
        flip(random, AvroWire.deadLetters(), TestRecords.deadLetter());
    }

    @Test
    void theVectorCodecAgreesWithTheRecordCodecOnRandomBytes() {
        Random random = new Random(SEED + 2);
        byte[] header =
                Payloads.withHeader(AvroWire.featureVectors().fingerprint()).build();
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] payload = new byte[random.nextInt(120)];
            random.nextBytes(payload);
            if (payload.length >= WireCodec.HEADER_LENGTH && i % 8 != 0) {
                System.arraycopy(header, 0, payload, 0, header.length);
            }
            decoded += agree(payload);
        }
        assertThat(decoded).isLessThan(20_000);
    }

    @Test
    void theVectorCodecAgreesWithTheRecordCodecOnBitFlips() {
        Random random = new Random(SEED + 3);
        RandomVectors vectors = new RandomVectors(SEED + 4);
        List<byte[]> valid = new ArrayList<>(List.of(
                AvroWire.featureRecords().encode(TestRecords.feature()),
                AvroWire.featureRecords().encode(TestRecords.minimalFeature())));
        for (int i = 0; i < 20; i++) {
            valid.add(AvroWire.featureRecords().encode(vectors.record()));
        }
        int decoded = 0;
        for (byte[] original : valid) {
            for (int i = 0; i < 2_000; i++) {
                byte[] payload = original.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    int bit = random.nextInt(payload.length * 8);
                    payload[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                decoded += agree(payload);
            }
        }
        // Many flips land in a value's bits and still decode; every one of those must agree too.
        assertThat(decoded).isGreaterThan(1_000);
    }

    /**
     * Decodes with both codecs of the features topic: both must give the same values, or both the same
     * error, and nothing but a WireFormatException. Returns 1 if the payload decoded.
     */
    private static int agree(byte[] payload) {
        Object expected =
                outcome(() -> FeatureVector.of(AvroWire.featureRecords().decode(payload)));
        Object actual = outcome(() -> AvroWire.featureVectors().decode(payload));

        assertThat(actual)
                .as("payload %s", java.util.HexFormat.of().formatHex(payload))
                .isEqualTo(expected);
        return expected instanceof FeatureVector ? 1 : 0;
    }

    /** The decoded vector, or the reason and message of the WireFormatException. */
    private static Object outcome(Supplier<FeatureVector> decode) {
        try {
            return decode.get();
        } catch (WireFormatException e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    private static <T extends SpecificRecord> void flip(Random random, WireCodec<T> codec, T record) {
        byte[] valid = codec.encode(record);
        int[] decoded = new int[1];
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = valid.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int bit = random.nextInt(payload.length * 8);
                payload[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            decodeOrWireFormatException(codec, payload, decoded);
        }
    }

    private static void decodeOrWireFormatException(WireCodec<?> codec, byte[] payload, int[] decoded) {
        assertThatCode(() -> {
                    try {
                        if (codec.decode(payload) != null) {
                            decoded[0]++;
                        }
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
