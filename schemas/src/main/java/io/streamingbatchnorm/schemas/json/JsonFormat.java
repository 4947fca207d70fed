package io.streamingbatchnorm.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The shared Jackson factory and the writing conventions of the JSON line format. */
final class JsonFormat {
    /**
     * Thread-safe. Doubles are written with Jackson's Schubfach writer, which prints the shortest decimal
     * that reads back to the same bits (JDK 17's Double.toString sometimes prints a longer one), and read
     * with its correctly rounded fast parser. Bare NaN and Infinity tokens are accepted on input because
     * Python's json module writes them.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static final String INFINITY = "Infinity";
    static final String NEGATIVE_INFINITY = "-Infinity";
    static final String NAN = "NaN";

    private JsonFormat() {}

    /** Writes one JSON object with {@code body} and returns it as a line without the line break. */
    static String write(GeneratorBody body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            body.write(gen);
            gen.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; the generator only rethrows its own state errors.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes a double: finite as the shortest round-trip number, others as "NaN" / "Infinity" / "-Infinity". */
    static void writeDouble(JsonGenerator gen, double value) throws IOException {
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else if (Double.isNaN(value)) {
            gen.writeString(NAN);
        } else {
            gen.writeString(value > 0 ? INFINITY : NEGATIVE_INFINITY);
        }
    }

    /** Writes feature values: a missing value (null or NaN) as null, an infinite one as a string. */
    static void writeFeatures(JsonGenerator gen, String field, List<Double> values) throws IOException {
        gen.writeArrayFieldStart(field);
        for (Double value : values) {
            if (value == null || value.isNaN()) {
                gen.writeNull();
            } else {
                writeDouble(gen, value);
            }
        }
        gen.writeEndArray();
    }

    /** Writes an array of doubles where NaN is a value, not a gap (statistics, parameters). */
    static void writeDoubles(JsonGenerator gen, String field, List<Double> values) throws IOException {
        gen.writeArrayFieldStart(field);
        for (Double value : values) {
            writeDouble(gen, value);
        }
        gen.writeEndArray();
    }

    /** Writes a string-to-string map as an object. */
    static void writeStringMap(JsonGenerator gen, String field, Map<String, String> map) throws IOException {
        gen.writeObjectFieldStart(field);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            gen.writeStringField(entry.getKey(), entry.getValue());
        }
        gen.writeEndObject();
    }

    /** Writes the fields of one object. */
    @FunctionalInterface
    interface GeneratorBody {
        void write(JsonGenerator gen) throws IOException;
    }
}
