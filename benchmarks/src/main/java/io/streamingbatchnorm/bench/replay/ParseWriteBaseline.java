package io.streamingbatchnorm.bench.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The baselines of the replay benchmark, each run in a JVM of its own: one thread parses each line of a replay
 * input with Jackson's streaming parser (key, event_time, id and values) and writes them back as a line with
 * Jackson's generator, nothing of normalization. {@link Doubles} says how numbers are read and written.
 */
public final class ParseWriteBaseline {
    /** How the baseline reads and writes doubles. */
    enum Doubles {
        /** Jackson as it comes: the JDK's {@code Double.parseDouble} and {@code Double.toString}. */
        JACKSON_DEFAULTS(JsonFactory.builder().build()),
        /**
         * Jackson's fast double parser and shortest round-trip writer, as the project's JSON lines use them: the
         * least any exact JSON-lines rewrite must do.
         */
        FAST(JsonFactory.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build());

        final JsonFactory json;

        Doubles(JsonFactory json) {
            this.json = json;
        }
    }

    private ParseWriteBaseline() {}

    /** {@code IN OUT DOUBLES} (a {@link Doubles} name): prints the number of lines written. */
    public static void main(String[] args) throws IOException {
        JsonFactory json = Doubles.valueOf(args[2]).json;
        long lines = 0;
        double[] values = new double[64];
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8);
                JsonGenerator gen = json.createGenerator(out)) {
            gen.setRootValueSeparator(null);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String key = null;
                String id = null;
                long eventTime = 0;
                int n = 0;
                try (JsonParser p = json.createParser(line)) {
                    p.nextToken();
                    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                        p.nextToken();
                        switch (field) {
                            case "key" -> key = p.getText();
                            case "id" -> id = p.getText();
                            case "event_time" -> eventTime = p.getLongValue();
                            case "values" -> {
                                while (p.nextToken() != JsonToken.END_ARRAY) {
                                    if (n == values.length) {
                                        values = Arrays.copyOf(values, n * 2);
                                    }
                                    values[n++] =
                                            p.currentToken() == JsonToken.VALUE_NULL ? Double.NaN : p.getDoubleValue();
                                }
                            }
                            default -> p.skipChildren();
                        }
                    }
                }
                gen.writeStartObject();
                gen.writeStringField("key", key);
                gen.writeNumberField("event_time", eventTime);
                gen.writeStringField("id", id);
                gen.writeArrayFieldStart("values");
                for (int j = 0; j < n; j++) {
                    if (Double.isNaN(values[j])) {
                        gen.writeNull();
                    } else {
                        gen.writeNumber(values[j]);
                    }
                }
                gen.writeEndArray();
                gen.writeEndObject();
                gen.writeRaw('\n');
                lines++;
            }
        }
        System.out.println(lines);
    }
}
