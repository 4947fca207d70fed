package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast line parser reads exactly what the general parser reads, or leaves the line to it: for every line, either
 * it declines or both give the same record to the bit.
 */
class FastFeatureLineTest {
    private static final long SEED = 11L;

    @Test
    void readsLinesAsProgramsWriteThemWithTheGeneralParsersResult() {
        List<String> lines = List.of(
                "{\"key\":\"k1\",\"event_time\":1700000000000,\"values\":[0.5,null,2.0],\"id\":\"r1\"}",
                "{\"key\":\"k1\",\"event_time\":-5,\"values\":[1,-0,-0.0,0,12345678901234567],\"id\":null}",
                " { \"values\" : [ \"NaN\" , \"Infinity\",\"-Infinity\", 1e400, -1E-400 ] , \"key\":\"é\u4e2d\","
                        + " \"event_time\":0 }",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[],\"attributes\":{\"a\":\"b\",\"a\":\"c\",\"d\":\"\"}}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[4.9E-324,1.7976931348623157E308,2.2250738585072014E-308]}",
                "{\"key\":\"k\",\"values\":[1.5],\"event_time\":2,\"key\":\"last wins\",\"attributes\":null}");
        FastFeatureLine fast = new FastFeatureLine();
        for (String line : lines) {
            assertThat(fast.parse(line)).as(line).isTrue();
            assertSame(fast, JsonLines.parseFeatureRecord(line), line);
        }
    }

    @Test
    void leavesEverythingElseToTheGeneralParser() {
        List<String> lines = List.of(
                "",
                "{}",
                "not json",
                "{\"key\":\"k\\u0031\",\"event_time\":1,\"values\":[1.0]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[1.0],\"other\":1}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[01]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[1.]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[NaN]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[+1]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[1,]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[123456789012345678901]}",
                "{\"key\":\"k\",\"event_time\":1.5,\"values\":[1]}",
                "{\"key\":\"k\",\"event_time\":12345678901234567890,\"values\":[1]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[1]} trailing",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[\"one\"]}",
                "{\"key\":\"k\",\"event_time\":1,\"values\":[1],\"attributes\":{\"a\":null}}",
                "{\"key\":null,\"event_time\":1,\"values\":[1]}",
                "{\"key\":\"k\",\"event_time\":1}",
                "{\"key\":\"tab\there\",\"event_time\":1,\"values\":[1]}");
        FastFeatureLine fast = new FastFeatureLine();
        for (String line : lines) {
            assertThat(fast.parse(line)).as(line).isFalse();
        }
    }

    @Test
    void agreesWithTheGeneralParserOnRandomlyMangledLines() {
        Random random = new Random(SEED);
        FastFeatureLine fast = new FastFeatureLine();
        String alphabet = "{}[]\":,.-+eE0123456789 nul\\\tkeyvalsidNIf";
        int fastRead = 0;
        for (int i = 0; i < 50_000; i++) {
            String line = mangle(randomLine(random), random, alphabet);
            FeatureRecord general;
            try {
                general = JsonLines.parseFeatureRecord(line);
            } catch (JsonLineException e) {
                assertThat(fast.parse(line))
                        .as("refused by the general parser: %s", line)
                        .isFalse();
                continue;
            }
            if (fast.parse(line)) {
                fastRead++;
                assertSame(fast, general, line);
            }
        }
        assertThat(fastRead).as("lines the fast path read").isGreaterThan(10_000);
    }

    private static String randomLine(Random random) {
        StringBuilder b =
                new StringBuilder("{\"key\":\"k").append(random.nextInt(5)).append("\",\"event_time\":");
        b.append(random.nextInt(3) == 0 ? -random.nextInt(1000) : 1_700_000_000_000L + random.nextInt(100_000));
        b.append(",\"values\":[");
        int n = random.nextInt(6);
        for (int j = 0; j < n; j++) {
            b.append(j == 0 ? "" : ",").append(value(random));
        }
        b.append(']');
        if (random.nextBoolean()) {
            b.append(",\"id\":\"r").append(random.nextInt(1000)).append('"');
        }
        return b.append('}').toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "null";
            case 1 -> Integer.toString(random.nextInt(2000) - 1000);
            case 2 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
            case 3 -> String.format(Locale.ROOT, "%.17g", random.nextGaussian() * 1e6);
            case 4 -> "\"" + List.of("NaN", "Infinity", "-Infinity").get(random.nextInt(3)) + "\"";
            default -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
        };
    }

    /** Half the lines as they are; the others with a character replaced, inserted or removed. */
    private static String mangle(String line, Random random, String alphabet) {
        if (random.nextBoolean()) {
            return line;
        }
        StringBuilder b = new StringBuilder(line);
        int at = random.nextInt(b.length());
        switch (random.nextInt(3)) {
            case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            default -> b.deleteCharAt(at);
        }
        return b.toString();
    }

    private static void assertSame(FastFeatureLine fast, FeatureRecord general, String line) {
        assertThat(fast.key()).as(line).isEqualTo(general.getKey());
        assertThat(fast.eventTime()).as(line).isEqualTo(general.getEventTime().toEpochMilli());
        assertThat(fast.id()).as(line).isEqualTo(general.getId());
        assertThat(fast.attributes()).as(line).isEqualTo(general.getAttributes());
        if (general.getAttributes() != null) {
            assertThat(new ArrayList<>(fast.attributes().keySet()))
                    .as(line)
                    .containsExactlyElementsOf(general.getAttributes().keySet());
        }
        List<Double> expected = general.getValues();
        assertThat(fast.values()).as(line).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            double want = expected.get(i) == null ? Double.NaN : expected.get(i);
            assertThat(Double.doubleToRawLongBits(fast.values()[i]))
                    .as("%s element %d", line, i)
                    .isEqualTo(Double.doubleToRawLongBits(want));
        }
    }
}
