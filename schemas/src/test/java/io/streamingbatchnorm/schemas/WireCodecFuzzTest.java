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
