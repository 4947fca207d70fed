package io.streamingbatchnorm.kafka.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes the API's JSON bodies. Doubles come out in the shortest form that reads back to the same bits. */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private Json() {}

    /** The fields of one JSON value. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator gen) throws IOException;
    }

    /** One JSON value written by {@code body}. */
    static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            body.write(gen);
        } catch (IOException e) {
            // A StringWriter does not fail; only the generator's own state errors could get here.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** An object with one field, {@code error}, and optionally the {@code key} it is about. */
    static String error(String message, String key) {
        return write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("error", message);
            if (key != null) {
                gen.writeStringField("key", key);
            }
            gen.writeEndObject();
        });
    }

    static String stringArray(List<String> values) {
        return write(gen -> {
            gen.writeStartArray();
            for (String v : values) {
                gen.writeString(v);
            }
            gen.writeEndArray();
        });
    }
}
