package io.streamingbatchnorm.flink.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.schemas.json.LineBytes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Output lines written as bytes are the generator's lines in UTF-8, byte for byte, whatever the strings and values. */
class NormalizedLinesTest {
    // No lone surrogates: they cannot come from a UTF-8 input file, only from a JSON escape, and the file writer
    // replaces them with '?' as Java's UTF-8 encoder does.
    private static final List<String> STRINGS = List.of(
            "k1",
            "",
            "é",
            "中文",
            "a\"quote",
            "back\\slash",
            "tab\t",
            "nl\n",
            "\u0001",
            "emoji \uD83D\uDE00",
            "/slash",
            "\u007f",
            "\u2028");

    @Test
    void everyLineIsTheGeneratorsLine() {
        Random random = new Random(5);
        NormalizedLines lines = new NormalizedLines();
        for (int i = 0; i < 20_000; i++) {
            NormalizedEvent e = event(random);
            LineBytes line = lines.format(e);
            String expected = JsonLines.writeNormalizedRecord(RecordMapping.toAvro(e)) + "\n";

            assertThat(new String(line.array(), 0, line.length(), StandardCharsets.UTF_8))
                    .isEqualTo(expected);
        }
    }

    /** The line with every character outside printable ASCII escaped, for a readable failure message. */
    private static String visible(String line) {
        StringBuilder b = new StringBuilder();
        line.chars()
                .forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
        return b.toString();
    }

    private static NormalizedEvent event(Random random) {
        double[] values = new double[random.nextInt(5)];
        for (int j = 0; j < values.length; j++) {
            values[j] = switch (random.nextInt(6)) {
                case 0 -> Double.NaN;
                case 1 -> -0.0;
                case 2 -> Double.longBitsToDouble(random.nextLong());
                case 3 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.MIN_VALUE;
                default -> random.nextGaussian();
            };
        }
        Map<String, String> attributes = null;
        if (random.nextInt(3) == 0) {
            attributes = new LinkedHashMap<>();
            attributes.put(pick(random), pick(random));
            attributes.put("w", pick(random));
        }
        FeatureEvent in = new FeatureEvent(
                pick(random), random.nextLong(), random.nextBoolean() ? null : pick(random), attributes, values, -1, 1);
        Mode mode = random.nextBoolean() ? Mode.TRAIN : Mode.EVAL;
        return new NormalizedEvent(in, values, mode, random.nextInt(1000), random.nextInt(64), random.nextBoolean());
    }

    private static String pick(Random random) {
        return random.nextInt(3) == 0 ? STRINGS.get(random.nextInt(STRINGS.size())) : "key-" + random.nextInt(100);
    }
}
