package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.TestRecords;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Doubles survive a JSON round trip bit for bit, written in the shortest form. */
class DoubleRoundTripTest {
    private static final long SEED = 42L;

    @Test
    void everyFiniteDoubleReadsBackBitIdenticalAndNoLongerThanDoubleToString() {
        for (double value : samples()) {
            String text = writtenForm(value);
            double back = JsonLines.parseFeatureRecord(line(text)).getValues().get(0);

            assertThat(Double.doubleToRawLongBits(back))
                    .as("%s written as %s", value, text)
                    .isEqualTo(Double.doubleToRawLongBits(value));
            assertThat(text.length())
                    .as("%s written as %s", value, text)
                    .isLessThanOrEqualTo(Double.toString(value).length());
        }
    }

    @Test
    void theByteWriterWritesWhatTheGeneratorWritesAndTheFastParserReadsItBackBitIdentical() {
        FastFeatureLine fast = new FastFeatureLine();
        LineBytes bytes = new LineBytes();
        List<Double> values = samples();
        values.addAll(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        for (double value : values) {
            String written = Double.isNaN(value) ? "null" : writtenForm(value);
            bytes.reset().features(new double[] {value});
            String byteForm = new String(bytes.array(), 0, bytes.length(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(byteForm).as("%s", value).isEqualTo("[" + written + "]");
            assertThat(fast.parse(line(written))).as(written).isTrue();
            assertThat(Double.doubleToRawLongBits(fast.values()[0]))
                    .as("%s written as %s", value, written)
                    .isEqualTo(Double.doubleToRawLongBits(value));
        }
    }

    @Test
    void writesShorterThanDoubleToStringWhereJdk17IsNotShortest() {
        // 2.0E-3 is printed as 0.0020 by JDK 17's Double.toString (JDK-4511638); 1.0E23 as 1.0E23 by both.
        assertThat(writtenForm(2.0E-3)).isEqualTo("0.002");
        assertThat(writtenForm(1.0E23)).isEqualTo("1.0E23");
    }

    @Test
    void parsesLongDecimalsToTheCorrectlyRoundedDouble() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            // Up to 25 significant digits: more than a double holds, so the parser must round.
            String digits = new BigDecimal(Math.abs(random.nextLong())).toPlainString() + random.nextInt(10_000_000);
            String text = digits.charAt(0) + "." + digits.substring(1) + "e" + (random.nextInt(640) - 330);
            double parsed = JsonLines.parseFeatureRecord(line(text)).getValues().get(0);

            assertThat(parsed).as(text).isEqualTo(Double.parseDouble(text));
            FastFeatureLine fast = new FastFeatureLine();
            assertThat(fast.parse(line(text))).as(text).isTrue();
            assertThat(fast.values()[0]).as(text).isEqualTo(Double.parseDouble(text));
        }
    }

    private static List<Double> samples() {
        Random random = new Random(SEED);
        List<Double> values = new ArrayList<>(List.of(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL),
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                1.0,
                0.1,
                1.0E23,
                2.0E-3,
                9007199254740993.0,
                4.9E-324,
                1.7976931348623157E308));
        while (values.size() < 100_000) {
            double value = switch (values.size() % 4) {
                // Uniform bit patterns cover every exponent, subnormals included.
                case 0, 1 -> Double.longBitsToDouble(random.nextLong());
                case 2 -> Double.longBitsToDouble(random.nextLong() & 0x800F_FFFF_FFFF_FFFFL);
                default -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            };
            if (Double.isFinite(value)) {
                values.add(value);
            }
        }
        return values;
    }

    private static String writtenForm(double value) {
        FeatureRecord record = TestRecords.minimalFeature();
        record.setValues(List.of(value));
        String line = JsonLines.writeFeatureRecord(record);
        return line.substring(line.indexOf('[') + 1, line.indexOf(']'));
    }

    private static String line(String number) {
        return "{\"key\":\"k\",\"event_time\":0,\"values\":[" + number + "]}";
    }
}
