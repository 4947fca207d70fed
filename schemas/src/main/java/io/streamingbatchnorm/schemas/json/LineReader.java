package io.streamingbatchnorm.schemas.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON object field by field with a streaming parser (no tree model: replay parses millions of
 * lines) and turns every type mismatch into a {@link JsonLineException} that names the field.
 */
final class LineReader {
    // What a double-valued field or array element accepts, for error messages.
    private static final String DOUBLE = "a number, \"NaN\", \"Infinity\" or \"-Infinity\"";
    private static final String FEATURE = "a number, null or \"NaN\" (missing), \"Infinity\" or \"-Infinity\"";

    private final JsonParser parser;

    private LineReader(JsonParser parser) {
        this.parser = parser;
    }

    /** Parses {@code line}, which must hold exactly one JSON object, with {@code body}. */
    static <T> T parse(String line, ObjectBody<T> body) {
        if (line == null || line.isBlank()) {
            throw new JsonLineException(JsonLineError.UNPARSEABLE, "line is empty: expected one JSON object", null);
        }
        try (JsonParser parser = JsonFormat.FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonLineException(
                        JsonLineError.UNPARSEABLE,
                        "line is not a JSON object: it must start with '{' and hold one record",
                        null);
            }
            T result = body.read(new LineReader(parser));
            if (parser.nextToken() != null) {
                throw new JsonLineException(
                        JsonLineError.UNPARSEABLE,
                        "unexpected content after the JSON object: put one record per line",
                        null);
            }
            return result;
        } catch (JsonProcessingException e) {
            throw new JsonLineException(
                    JsonLineError.UNPARSEABLE, "line is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new JsonLineException(JsonLineError.UNPARSEABLE, "cannot read line: " + e.getMessage(), e);
        }
    }

    /** Fails with {@link JsonLineError#MISSING_FIELD} if a required field was not seen. */
    static <V> V require(String field, V value) {
        if (value == null) {
            throw new JsonLineException(
                    JsonLineError.MISSING_FIELD, field, "missing required field \"" + field + "\"", null);
        }
        return value;
    }

    /** Builds the {@link JsonLineError#BAD_FIELD} error for a value of the wrong type. */
    static JsonLineException badField(String field, String expected, String got) {
        return new JsonLineException(
                JsonLineError.BAD_FIELD, field, "field \"" + field + "\" must be " + expected + ", got " + got, null);
    }

    /** Moves to the next field and returns its name, or null at the end of the object. */
    String nextField() throws IOException {
        return parser.nextFieldName();
    }

    /** Skips the value of a field this format does not know, so extra fields are ignored. */
    void skipValue() throws IOException {
        parser.nextToken();
        parser.skipChildren();
    }

    /** Advances from a field name to its value and returns the value's first token. */
    private JsonToken value() throws IOException {
        return parser.nextToken();
    }

    String string(String field) throws IOException {
        if (value() != JsonToken.VALUE_STRING) {
            throw badField(field, "a string", describe());
        }
        return parser.getText();
    }

    String nullableString(String field) throws IOException {
        return value() == JsonToken.VALUE_NULL ? null : stringHere(field);
    }

    long longValue(String field, String expected) throws IOException {
        value();
        return longHere(field, expected);
    }

    Long nullableLong(String field, String expected) throws IOException {
        return value() == JsonToken.VALUE_NULL ? null : longHere(field, expected);
    }

    int intValue(String field) throws IOException {
        if (value() != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
            throw badField(field, "a 32-bit integer", describe());
        }
        return parser.getIntValue();
    }

    boolean booleanValue(String field) throws IOException {
        JsonToken token = value();
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw badField(field, "true or false", describe());
        }
        return token == JsonToken.VALUE_TRUE;
    }

    double doubleValue(String field) throws IOException {
        value();
        return doubleHere(field, -1, DOUBLE);
    }

    Double nullableDouble(String field) throws IOException {
        return value() == JsonToken.VALUE_NULL ? null : doubleHere(field, -1, DOUBLE);
    }

    /** Feature values: null and NaN are missing (null), infinities are kept for the engine to reject. */
    List<Double> features(String field) throws IOException {
        startArray(field, "an array of numbers or nulls");
        List<Double> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                values.add(null);
            } else {
                double x = doubleHere(field, values.size(), FEATURE);
                values.add(Double.isNaN(x) ? null : x);
            }
        }
        return values;
    }

    /** An array of 32-bit integers. */
    List<Integer> ints(String field) throws IOException {
        startArray(field, "an array of integers");
        List<Integer> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() != JsonParser.NumberType.INT) {
                throw badField(field + "[" + values.size() + "]", "a 32-bit integer", describe());
            }
            values.add(parser.getIntValue());
        }
        return values;
    }

    /** An array of doubles without gaps; "NaN" is read as NaN. */
    List<Double> doubles(String field) throws IOException {
        startArray(field, "an array of numbers");
        return doublesHere(field);
    }

    List<Double> nullableDoubles(String field) throws IOException {
        if (value() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw badField(field, "an array of numbers", describe());
        }
        return doublesHere(field);
    }

    List<Boolean> nullableBooleans(String field) throws IOException {
        if (value() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw badField(field, "an array of true and false", describe());
        }
        List<Boolean> values = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                throw badField(field, "an array of true and false", describe());
            }
            values.add(token == JsonToken.VALUE_TRUE);
        }
        return values;
    }

    Map<String, String> nullableStringMap(String field) throws IOException {
        JsonToken token = value();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw badField(field, "an object of string values", describe());
        }
        Map<String, String> map = new LinkedHashMap<>();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw badField(field, "an object of string values", describe() + " for \"" + name + "\"");
            }
            map.put(name, parser.getText());
        }
        return map;
    }

    private String stringHere(String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw badField(field, "a string or null", describe());
        }
        return parser.getText();
    }

    private long longHere(String field, String expected) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw badField(field, expected, describe());
        }
        return parser.getLongValue();
    }

    private List<Double> doublesHere(String field) throws IOException {
        List<Double> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            values.add(doubleHere(field, values.size(), DOUBLE));
        }
        return values;
    }

    private void startArray(String field, String expected) throws IOException {
        if (value() != JsonToken.START_ARRAY) {
            throw badField(field, expected, describe());
        }
    }

    /** Reads a double value, or array element {@code index} (-1 for a plain field). */
    private double doubleHere(String field, int index, String expected) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            switch (parser.getText()) {
                case JsonFormat.NAN:
                    return Double.NaN;
                case JsonFormat.INFINITY:
                    return Double.POSITIVE_INFINITY;
                case JsonFormat.NEGATIVE_INFINITY:
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        if (index < 0) {
            throw badField(field, expected, describe());
        }
        throw new JsonLineException(
                JsonLineError.BAD_FIELD,
                field,
                "field \"" + field + "\" element " + index + " must be " + expected + ", got " + describe(),
                null);
    }

    /** Describes the current token for an error message. */
    private String describe() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_STRING -> "the string \"" + abbreviate(parser.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> token.toString();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** Reads the fields of one object; the reader stands just inside its opening brace. */
    @FunctionalInterface
    interface ObjectBody<T> {
        T read(LineReader reader) throws IOException;
    }
}
