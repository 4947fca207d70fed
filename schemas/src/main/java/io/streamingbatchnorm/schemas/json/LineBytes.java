package io.streamingbatchnorm.schemas.json;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.Arrays;
import java.util.Map;

/**
 * Builds one JSON line straight into UTF-8 bytes, for writers of millions of lines: the bytes are those that
 * {@link JsonLines} writes for the same record (doubles through the same shortest round-trip algorithm), without
 * a generator, a string or a character encoder per line.
 *
 * <p>Only strings that need no escape are written here: {@link #string} returns false for one with a quote, a
 * backslash, a control character or a lone surrogate, and the caller then writes that line with
 * {@link JsonLines}. Not thread-safe; reuse one per writer with {@link #reset}.
 */
public final class LineBytes {
    private byte[] bytes = new byte[512];
    private int length;

    /** Empties the buffer for the next line. */
    public LineBytes reset() {
        length = 0;
        return this;
    }

    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Appends ASCII text as it is: punctuation and field names. */
    public LineBytes raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Appends bytes as they are, such as a line {@link JsonLines} wrote, encoded. */
    public LineBytes raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return this;
    }

    public LineBytes raw(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Appends {@code "text"}; false, with the buffer in an unspecified state, if the text needs an escape. */
    public boolean string(String text) {
        int n = text.length();
        ensure(n * 3 + 2);
        bytes[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\') {
                    return false;
                }
                bytes[length++] = (byte) c;
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xC0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Pairs are rare in keys and ids; the generator's encoder handles them, and lone ones, the same way.
                return false;
            } else {
                bytes[length++] = (byte) (0xE0 | (c >> 12));
                bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        bytes[length++] = '"';
        return true;
    }

    public LineBytes number(long value) {
        ensure(20);
        length = NumberOutput.outputLong(value, bytes, length);
        return this;
    }

    /** A double as {@link JsonLines} writes it: finite in the shortest round-trip form, others as strings. */
    public LineBytes number(double value) {
        if (Double.isFinite(value)) {
            return raw(NumberOutput.toString(value, true));
        }
        if (Double.isNaN(value)) {
            return raw("\"" + JsonFormat.NAN + "\"");
        }
        return raw(value > 0 ? "\"" + JsonFormat.INFINITY + "\"" : "\"" + JsonFormat.NEGATIVE_INFINITY + "\"");
    }

    /** Feature values as an array: a missing value (NaN) as null, an infinite one as a string. */
    public LineBytes features(double[] values) {
        raw('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                raw(',');
            }
            double v = values[i];
            if (Double.isNaN(v)) {
                raw("null");
            } else {
                number(v);
            }
        }
        return raw(']');
    }

    /** A string-to-string map as an object; false if a name or value needs an escape. */
    public boolean stringMap(Map<String, String> map) {
        raw('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) {
                raw(',');
            }
            first = false;
            if (e.getValue() == null || !string(e.getKey())) {
                return false;
            }
            raw(':');
            if (!string(e.getValue())) {
                return false;
            }
        }
        raw('}');
        return true;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }
}
