package io.streamingbatchnorm.schemas.json;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parser for replay input lines as programs write them (the fields of {@link JsonLines#parseFeatureRecord}, no
 * escapes in strings, no other fields), several times faster than the general path because it reads the values
 * straight into a {@code double[]}. Whenever a line is anything else, {@link #parse} returns false and the caller
 * parses it with {@link JsonLines#parseFeatureRecord}, which also gives the errors: so for every line both give the
 * same record, to the bit (numbers go through the same correctly rounded parser), or this one gives none.
 *
 * <p>Not thread-safe; reuse one per reader.
 */
public final class FastFeatureLine {
    /** The fields of a record line, in the order of the constants below. */
    private static final char[][] FIELDS = {
        "key".toCharArray(),
        "event_time".toCharArray(),
        "values".toCharArray(),
        "id".toCharArray(),
        "attributes".toCharArray()
    };

    private static final int KEY = 0;
    private static final int EVENT_TIME = 1;
    private static final int VALUES = 2;
    private static final int ID = 3;
    private static final int ATTRIBUTES = 4;

    private char[] chars = new char[512];
    private int end;
    private int pos;
    private double[] buffer = new double[32];

    private String key;
    private long eventTime;
    private boolean hasEventTime;
    private String id;
    private Map<String, String> attributes;
    private double[] values;

    /** Parses {@code line}; true if it was read here, false if the caller must use the general parser. */
    public boolean parse(String line) {
        end = line.length();
        if (chars.length < end) {
            chars = new char[Math.max(end, chars.length * 2)];
        }
        line.getChars(0, end, chars, 0);
        pos = 0;
        key = null;
        hasEventTime = false;
        id = null;
        attributes = null;
        values = null;
        try {
            return object() && key != null && hasEventTime && values != null;
        } catch (Unusual e) {
            return false;
        }
    }

    public String key() {
        return key;
    }

    public long eventTime() {
        return eventTime;
    }

    /** Null when absent or null. */
    public String id() {
        return id;
    }

    /** Null when absent or null. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** A new array: missing values (null, "NaN") are NaN, "Infinity" and "-Infinity" are infinite. */
    public double[] values() {
        return values;
    }

    private boolean object() {
        expect('{');
        if (peek() == '}') {
            pos++;
            return atEnd();
        }
        while (true) {
            int field = field();
            expect(':');
            switch (field) {
                case KEY -> key = string();
                case EVENT_TIME -> {
                    eventTime = integer();
                    hasEventTime = true;
                }
                case VALUES -> values = features();
                case ID -> id = nullOr() ? null : string();
                case ATTRIBUTES -> attributes = nullOr() ? null : stringMap();
            }
            char c = next();
            if (c == '}') {
                return atEnd();
            }
            if (c != ',') {
                throw Unusual.INSTANCE;
            }
        }
    }

    /** Which field a name is, read in place: a string per name and its hash would be made for every line. */
    private int field() {
        expect('"');
        int start = pos;
        while (pos < end && chars[pos] != '"') {
            pos++;
        }
        if (pos == end) {
            throw Unusual.INSTANCE;
        }
        int nameEnd = pos;
        pos++;
        for (int f = 0; f < FIELDS.length; f++) {
            if (Arrays.equals(chars, start, nameEnd, FIELDS[f], 0, FIELDS[f].length)) {
                return f;
            }
        }
        throw Unusual.INSTANCE;
    }

    private double[] features() {
        expect('[');
        int n = 0;
        if (peek() == ']') {
            pos++;
            return new double[0];
        }
        while (true) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, n * 2);
            }
            buffer[n++] = feature();
            char c = next();
            if (c == ']') {
                return Arrays.copyOf(buffer, n);
            }
            if (c != ',') {
                throw Unusual.INSTANCE;
            }
        }
    }

    private double feature() {
        char c = peek();
        if (c == 'n') {
            literal("null");
            return Double.NaN;
        }
        if (c == '"') {
            return switch (string()) {
                case JsonFormat.NAN -> Double.NaN;
                case JsonFormat.INFINITY -> Double.POSITIVE_INFINITY;
                case JsonFormat.NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
                default -> throw Unusual.INSTANCE;
            };
        }
        return number();
    }

    /** A JSON number; an integer becomes the double of its long value, as the general parser converts it. */
    private double number() {
        int start = pos;
        boolean integral = true;
        if (pos < end && chars[pos] == '-') {
            pos++;
        }
        int digits = digits();
        if (digits == 0 || (digits > 1 && chars[pos - digits] == '0')) {
            throw Unusual.INSTANCE;
        }
        if (pos < end && chars[pos] == '.') {
            pos++;
            integral = false;
            if (digits() == 0) {
                throw Unusual.INSTANCE;
            }
        }
        if (pos < end && (chars[pos] == 'e' || chars[pos] == 'E')) {
            pos++;
            integral = false;
            if (pos < end && (chars[pos] == '+' || chars[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw Unusual.INSTANCE;
            }
        }
        if (integral) {
            if (digits > 18) {
                throw Unusual.INSTANCE;
            }
            return (double) longOf(start, pos);
        }
        return NumberInput.parseDouble(chars, start, pos - start, true);
    }

    private long integer() {
        skipSpace();
        int start = pos;
        if (pos < end && chars[pos] == '-') {
            pos++;
        }
        int digits = digits();
        if (digits == 0 || digits > 18 || (digits > 1 && chars[pos - digits] == '0')) {
            throw Unusual.INSTANCE;
        }
        if (pos < end && (chars[pos] == '.' || chars[pos] == 'e' || chars[pos] == 'E')) {
            throw Unusual.INSTANCE;
        }
        return longOf(start, pos);
    }

    /** An optionally signed run of at most 18 digits, so it cannot overflow. */
    private long longOf(int from, int to) {
        boolean negative = chars[from] == '-';
        long v = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            v = v * 10 + (chars[i] - '0');
        }
        return negative ? -v : v;
    }

    private int digits() {
        int from = pos;
        while (pos < end && chars[pos] >= '0' && chars[pos] <= '9') {
            pos++;
        }
        return pos - from;
    }

    private Map<String, String> stringMap() {
        expect('{');
        Map<String, String> map = new LinkedHashMap<>();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            String name = string();
            expect(':');
            map.put(name, string());
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw Unusual.INSTANCE;
            }
        }
    }

    /** A string without escapes or control characters. */
    private String string() {
        expect('"');
        int start = pos;
        while (pos < end) {
            char c = chars[pos];
            if (c == '"') {
                pos++;
                return new String(chars, start, pos - 1 - start);
            }
            if (c == '\\' || c < 0x20) {
                throw Unusual.INSTANCE;
            }
            pos++;
        }
        throw Unusual.INSTANCE;
    }

    private boolean nullOr() {
        if (peek() == 'n') {
            literal("null");
            return true;
        }
        return false;
    }

    private void literal(String word) {
        if (end - pos < word.length() || !word.contentEquals(CharBuffer.wrap(chars, pos, word.length()))) {
            throw Unusual.INSTANCE;
        }
        pos += word.length();
    }

    private boolean atEnd() {
        skipSpace();
        return pos == end;
    }

    private void expect(char c) {
        if (next() != c) {
            throw Unusual.INSTANCE;
        }
    }

    private char next() {
        skipSpace();
        if (pos == end) {
            throw Unusual.INSTANCE;
        }
        return chars[pos++];
    }

    private char peek() {
        skipSpace();
        if (pos == end) {
            throw Unusual.INSTANCE;
        }
        return chars[pos];
    }

    private void skipSpace() {
        while (pos < end) {
            char c = chars[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    /** Thrown inside the parser when a line leaves the fast path; carries no stack trace. */
    private static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unusual INSTANCE = new Unusual();

        private Unusual() {
            super(null, null, false, false);
        }
    }
}
