package io.streamingbatchnorm.schemas;

import org.apache.avro.Schema;

/**
 * Walks a binary-encoded body with its writer schema, without building anything, and rejects it unless it
 * is well-formed and ends exactly at the end of the payload.
 *
 * <p>Avro's decoder allocates what a length prefix claims before it reads the data, so a corrupt or hostile
 * payload claiming a 2^31-element array or a 2 GB string can exhaust the heap. This check runs first and
 * bounds every such claim by the bytes actually present: a string or bytes length by the remaining
 * bytes, and the total number of array and map items by the payload length (every item of our schemas
 * takes at least one byte). Varints are read exactly as Avro's BinaryDecoder reads them, so both agree on
 * where every value starts.
 */
final class BodyCheck {
    // Our schemas nest three levels; only a recursive schema could go deeper.
    private static final int MAX_DEPTH = 32;

    private final byte[] buf;
    private final int end;
    private int pos;
    private long itemBudget;

    private BodyCheck(byte[] buf, int offset) {
        this.buf = buf;
        this.end = buf.length;
        this.pos = offset;
        this.itemBudget = buf.length;
    }

    /**
     * Checks the body that starts at {@code offset}.
     *
     * @return null if the body is well-formed, otherwise what is wrong with it
     */
    static String problem(Schema writer, byte[] payload, int offset) {
        BodyCheck check = new BodyCheck(payload, offset);
        try {
            check.value(writer, 0);
        } catch (Malformed e) {
            return e.getMessage() + " at byte " + check.pos + " of " + payload.length;
        }
        if (check.pos != check.end) {
            return (check.end - check.pos) + " unexpected bytes after the end of the record";
        }
        return null;
    }

    private void value(Schema schema, int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nesting deeper than " + MAX_DEPTH + " levels");
        }
        switch (schema.getType()) {
            case NULL -> {}
            case BOOLEAN -> skip(1);
            case INT -> readInt();
            case LONG -> readLong();
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case STRING, BYTES -> skip(length());
            case FIXED -> skip(schema.getFixedSize());
            case ENUM -> index(schema.getEnumSymbols().size(), "enum symbol");
            case UNION -> value(schema.getTypes().get(index(schema.getTypes().size(), "union branch")), depth + 1);
            case ARRAY -> blocks(null, schema.getElementType(), depth + 1);
            case MAP -> blocks(Schema.create(Schema.Type.STRING), schema.getValueType(), depth + 1);
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    value(field.schema(), depth + 1);
                }
            }
        }
    }

    private void blocks(Schema key, Schema item, int depth) throws Malformed {
        while (true) {
            long count = readLong();
            if (count == 0) {
                return;
            }
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
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    value(key, depth);
                }
                value(item, depth);
            }
        }
    }

    private int index(int size, String what) throws Malformed {
        int index = readInt();
        if (index < 0 || index >= size) {
            throw new Malformed(what + " index " + index + " out of range [0, " + size + ")");
        }
        return index;
    }

    private long length() throws Malformed {
        long length = readLong();
        if (length < 0) {
            throw new Malformed("negative length " + length);
        }
        if (length > end - pos) {
            throw new Malformed("a length of " + length + " bytes exceeds the " + (end - pos) + " bytes left");
        }
        return length;
    }

    private void skip(long bytes) throws Malformed {
        if (bytes > end - pos) {
            throw new Malformed("truncated: " + bytes + " bytes needed, " + (end - pos) + " left");
        }
        pos += (int) bytes;
    }

    private int readInt() throws Malformed {
        // Avro reads at most 5 bytes and keeps the low 32 bits before undoing the zig-zag encoding.
        int raw = (int) readVarint(5);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private long readLong() throws Malformed {
        long raw = readVarint(10);
        return (raw >>> 1) ^ -(raw & 1);
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
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
