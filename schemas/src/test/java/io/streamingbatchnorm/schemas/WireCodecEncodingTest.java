package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.core.Mode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The codecs write, byte for byte, what Avro's own single-object encoder writes. */
class WireCodecEncodingTest {

    @Test
    void everyRecordTypeEncodesAsAvrosMessageEncoderDoes() throws Exception {
        assertSameBytes(AvroWire.featureRecords(), TestRecords.feature());
        assertSameBytes(AvroWire.featureRecords(), TestRecords.minimalFeature());
        assertSameBytes(AvroWire.normalizedRecords(), TestRecords.normalized());
        assertSameBytes(AvroWire.statsSnapshots(), TestRecords.snapshot());
        assertSameBytes(AvroWire.controlCommands(), TestRecords.setAffine());
        assertSameBytes(AvroWire.controlCommands(), TestRecords.eval());
        assertSameBytes(AvroWire.deadLetters(), TestRecords.deadLetter());
    }

    @Test
    void randomVectorsOfEverySizeEncodeTheSame() throws Exception {
        Random r = new Random(5);
        WireCodec<FeatureRecord> codec = AvroWire.featureRecords();
        // Sizes from empty to beyond the buffered encoder's and the thread's initial buffers.
        for (int n : new int[] {0, 1, 15, 16, 63, 64, 255, 256, 300, 4096, 200_000, 3}) {
            List<Double> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(i % 97 == 0 ? null : r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
            }
            FeatureRecord record = FeatureRecord.newBuilder(TestRecords.feature())
                    .setValues(values)
                    .setKey("key-" + n)
                    .build();
            assertSameBytes(codec, record);
            assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
        }
    }

    @Test
    void featureVectorsEncodeAsAvrosMessageEncoderDoes() throws Exception {
        FeatureVectorCodec vectors = AvroWire.featureVectors();
        double[] mixed = {0.5, Double.NaN, -0.0, Double.MIN_VALUE, Double.POSITIVE_INFINITY, -Double.MAX_VALUE};
        double[] nans = {Double.NaN, Double.longBitsToDouble(0x7FF0_0000_0000_0001L), Double.longBitsToDouble(-1L)};
        Map<String, String> several = new LinkedHashMap<>();
        several.put("source", "sensor-7");
        several.put("région", "北");
        several.put("", "");
        List<FeatureVector> cases = new ArrayList<>(List.of(
                FeatureVector.of(TestRecords.feature()),
                FeatureVector.of(TestRecords.minimalFeature()),
                new FeatureVector("k", 0, mixed, null, null),
                new FeatureVector("k", -1, nans, "", Map.of()),
                new FeatureVector("k", Long.MIN_VALUE, new double[] {Double.NaN}, "r", several),
                new FeatureVector("k", Long.MAX_VALUE, new double[0], null, Map.of()),
                new FeatureVector("", 1, mixed, "🔑", null),
                new FeatureVector("鍵/clé/🔑", 2, mixed, "é".repeat(200), several),
                // A lone surrogate is not valid UTF-16; both encoders write it as '?'.
                new FeatureVector("a\uD800b", 3, mixed, "\uDC00", Map.of("\uD800", "x"))));
        Random r = new Random(11);
        RandomVectors random = new RandomVectors(12);
        for (int n : new int[] {1, 15, 16, 63, 64, 255, 256, 300, 4096, 200_000}) {
            cases.add(new FeatureVector("key-" + n, r.nextLong(), random.values(n), "r" + n, several));
        }
        for (int i = 0; i < 1_000; i++) {
            cases.add(random.feature());
        }
        for (FeatureVector vector : cases) {
            assertThat(vectors.encode(vector))
                    .as("%s", vector)
                    .isEqualTo(avroBytes(AvroWire.featureRecords(), vector.toRecord()));
        }
    }

    @Test
    void normalizedVectorsEncodeAsAvrosMessageEncoderDoes() throws Exception {
        NormalizedVectorEncoder vectors = AvroWire.normalizedVectors();
        double[] mixed = {-1.2247448713915887, Double.NaN, 1.2247448713915887, -0.0, Double.NEGATIVE_INFINITY};
        List<NormalizedVector> cases = new ArrayList<>(List.of(
                new NormalizedVector(
                        "k1",
                        TestRecords.T0.toEpochMilli(),
                        "r1",
                        Map.of("source", "sensor-7"),
                        mixed,
                        Mode.TRAIN,
                        3,
                        32,
                        false),
                new NormalizedVector("k", 0, null, null, new double[0], Mode.EVAL, 0, 1, true),
                new NormalizedVector("k", -1, "", Map.of(), new double[] {Double.NaN}, Mode.EVAL, -1, -1, false),
                new NormalizedVector(
                        "鍵/🔑",
                        Long.MIN_VALUE,
                        "é",
                        Map.of("région", "北"),
                        mixed,
                        Mode.TRAIN,
                        Long.MIN_VALUE,
                        Integer.MIN_VALUE,
                        true),
                new NormalizedVector(
                        "k", Long.MAX_VALUE, "r", null, mixed, Mode.EVAL, Long.MAX_VALUE, Integer.MAX_VALUE, false)));
        RandomVectors random = new RandomVectors(13);
        for (int n : new int[] {16, 64, 256, 4096, 200_000}) {
            cases.add(new NormalizedVector("key-" + n, n, null, null, random.values(n), Mode.TRAIN, n, 32, false));
        }
        for (int i = 0; i < 1_000; i++) {
            cases.add(random.normalized());
        }
        for (NormalizedVector vector : cases) {
            assertThat(vectors.encode(vector))
                    .as("%s", vector)
                    .isEqualTo(avroBytes(AvroWire.normalizedRecords(), vector.toRecord()));
        }
    }

    @Test
    void theVectorEncodersRefuseANullAttributeAsTheRecordCodecsDo() {
        Map<String, String> withNull = new HashMap<>();
        withNull.put("source", null);
        FeatureVector feature = new FeatureVector("k", 0, new double[] {1}, null, withNull);
        NormalizedVector normalized =
                new NormalizedVector("k", 0, null, withNull, new double[] {1}, Mode.EVAL, 1, 1, false);

        assertThatThrownBy(() -> AvroWire.featureVectors().encode(feature))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source=null");
        assertThatThrownBy(() -> AvroWire.normalizedVectors().encode(normalized))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvroWire.featureRecords().encode(feature.toRecord()))
                .isInstanceOf(IllegalArgumentException.class);
        // The thread's buffer is reusable after a refused record.
        assertThat(AvroWire.featureVectors().encode(FeatureVector.of(TestRecords.feature())))
                .isEqualTo(AvroWire.featureRecords().encode(TestRecords.feature()));
    }

    /** What Avro's own single-object encoder writes, checked to be what the record codec writes too. */
    private static <T extends SpecificRecord> byte[] avroBytes(WireCodec<T> codec, T record) throws Exception {
        BinaryMessageEncoder<T> avro =
                new BinaryMessageEncoder<>(SpecificData.getForClass(codec.type()), codec.schema());
        ByteBuffer encoded = avro.encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        assertThat(codec.encode(record)).isEqualTo(bytes);
        return bytes;
    }

    private static <T extends SpecificRecord> void assertSameBytes(WireCodec<T> codec, T record) throws Exception {
        BinaryMessageEncoder<T> avro =
                new BinaryMessageEncoder<>(SpecificData.getForClass(codec.type()), codec.schema());
        ByteBuffer expected = avro.encode(record);
        byte[] bytes = new byte[expected.remaining()];
        expected.get(bytes);
        assertThat(codec.encode(record)).isEqualTo(bytes);
    }
}
