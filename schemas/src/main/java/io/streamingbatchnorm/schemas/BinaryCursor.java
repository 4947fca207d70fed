package io.streamingbatchnorm.schemas;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A position in an Avro binary-encoded body held in a byte array, with reads that never pass its end and
 * never trust a length or count beyond what the bytes present could hold.
 *
 * <p>Varints are read exactly as Avro's {@code BinaryDecoder} reads them (at most 5 bytes for an int, 10
 * for a long, excess high bits dropped), so every reader built on this agrees with Avro on where each
 * value starts. The total number of array and map items is bounded by the payload length, as every item
 * of our schemas takes at least one byte.
 */
final class BinaryCursor {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double[] NO_DOUBLES = {};

    private final byte[] buf;
    private final int end;
    private int pos;
    private long itemBudget;

    BinaryCursor(byte[] buf, int offset) {
        this.buf = buf;
        this.end = buf.length;
        this.pos = offset;
        this.itemBudget = buf.length;
    }

    /** The 8 little-endian bytes at {@code offset}, which the caller has checked are present. */
    static long longAt(byte[] bytes, int offset) {
        return (long) LONG_LE.get(bytes, offset);
    }

    /** What is wrong, and where: the form every undecodable body is reported in. */
    String describe(Malformed e) {
        return e.getMessage() + " at byte " + pos + " of " + buf.length;
    }

    /** Null if the body ended exactly at the end of the payload, otherwise what follows it. */
    String trailingProblem() {
        return pos == end ? null : (end - pos) + " unexpected bytes after the end of the record";
    }

    int readInt() throws Malformed {
        // Avro reads at most 5 bytes and keeps the low 32 bits before undoing the zig-zag encoding.
        int raw = (int) readVarint(5);
        return (raw >>> 1) ^ -(raw & 1);
    }

    long readLong() throws Malformed {
        long raw = readVarint(10);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** An enum symbol or union branch index, checked against the number of choices. */
    int index(int size, String what) throws Malformed {
        int index = readInt();
        if (index < 0 || index >= size) {
            throw new Malformed(what + " index " + index + " out of range [0, " + size + ")");
        }
        return index;
    }

    /** A string or bytes length prefix, checked against the bytes left. */
    long length() throws Malformed {
        long length = readLong();
        if (length < 0) {
            throw new Malformed("negative length " + length);
        }
        if (length > end - pos) {
            throw new Malformed("a length of " + length + " bytes exceeds the " + (end - pos) + " bytes left");
        }
        return length;
    }

    void skip(long bytes) throws Malformed {
        if (bytes > end - pos) {
            throw new Malformed("truncated: " + bytes + " bytes needed, " + (end - pos) + " left");
        }
        pos += (int) bytes;
    }

    double readDouble() throws Malformed {
        skip(8);
        return Double.longBitsToDouble(longAt(buf, pos - 8));
    }

    /** A string, decoded as Avro does: malformed UTF-8 becomes U+FFFD rather than an error. */
    String readString() throws Malformed {
        int length = (int) length();
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /**
     * The item count of the next block of an array or map, 0 at its end, charged against the payload's
     * item budget.
     */
    long blockCount() throws Malformed {
        long count = readLong();
        if (count < 0) {
            // A negative count announces a block whose byte size follows (used only for skipping).
            if (count == Long.MIN_VALUE) {
                throw new Malformed("invalid block item count");
            }
            count = -count;
            if (readLong() < 0) {
                throw new Malformed("negative block byte size");
            }
        }
        if (count > itemBudget) {
            throw new Malformed("a block claims " + count + " items, more than the payload can hold");
        }
        itemBudget -= count;
        return count;
    }

    /** An {@code array<["null","double"]>}, with NaN for null. */
    double[] readNullableDoubles() throws Malformed {
        double[] values = NO_DOUBLES;
        int size = 0;
        long count;
        while ((count = blockCount()) != 0) {
            // Every item takes at least one byte, so the bytes left bound how many can be read before the
            // payload runs out: a corrupt count never allocates more than the payload could hold.
            int left = end - pos;
            int needed = size + (int) Math.min(count, left);
            if (needed > values.length) {
                // Geometric growth keeps a payload of many one-item blocks from copying quadratically.
                int grown = (int) Math.min(2L * values.length, (long) size + left);
                values = Arrays.copyOf(values, Math.max(needed, grown));
            }
            // The item budget is the payload length, so the count fits an int.
            size = readNullableDoubles(values, size, (int) count);
        }
        return size == values.length ? values : Arrays.copyOf(values, size);
    }

    /** Reads {@code count} items into {@code values} from {@code size} on; returns the new size. */
    private int readNullableDoubles(double[] values, int size, int count) throws Malformed {
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < count; i++) {
            if (end - p >= 9 && b[p] == 2) {
                values[size++] = Double.longBitsToDouble(longAt(b, p + 1));
                p += 9;
            } else if (p < end && b[p] == 0) {
                values[size++] = Double.NaN;
                p++;
            } else {
                // A truncated item, a bad branch, or a valid but non-minimal varint: the general path says
                // which.
                pos = p;
                values[size++] = index(2, "union branch") == 0 ? Double.NaN : readDouble();
                p = pos;
            }
        }
        pos = p;
        return size;
    }

    /**
     * A {@code map<string>}, in a HashMap of default capacity as Avro's reader builds it: a HashMap's order
     * depends on its capacity, so both iterate, and write the map out again, in the same order.
     */
    Map<String, String> readStringMap() throws Malformed {
        Map<String, String> map = new HashMap<>();
        long count;
        while ((count = blockCount()) != 0) {
            for (long i = 0; i < count; i++) {
                String key = readString();
                map.put(key, readString());
            }
        }
        return map;
    }

    private long readVarint(int maxBytes) throws Malformed {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= end) {
                throw new Malformed("truncated: the payload ends inside a number");
            }
            int b = buf[pos++] & 0xFF;
            raw |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) {
                return raw;
            }
        }
        throw new Malformed("invalid variable-length number (more than " + maxBytes + " bytes)");
    }

    /** A structural problem; a checked exception without a stack trace, as it is an expected outcome. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
