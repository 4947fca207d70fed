package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The codec writes, byte for byte, what Avro's own single-object encoder writes. */
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

    private static <T extends SpecificRecord> void assertSameBytes(WireCodec<T> codec, T record) throws Exception {
        BinaryMessageEncoder<T> avro =
                new BinaryMessageEncoder<>(SpecificData.getForClass(codec.type()), codec.schema());
        ByteBuffer expected = avro.encode(record);
        byte[] bytes = new byte[expected.remaining()];
        expected.get(bytes);
        assertThat(codec.encode(record)).isEqualTo(bytes);
    }
}
