package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.schemas.BinaryCursor.Malformed;
import org.apache.avro.Schema;

/**
 * Walks a binary-encoded body with its writer schema, without building anything, and rejects it unless it
 * is well-formed and ends exactly at the end of the payload.
 *
 * <p>Avro's decoder allocates what a length prefix claims before it reads the data, so a corrupt or hostile
 * payload claiming a 2^31-element array or a 2 GB string can exhaust the heap. This check runs first and
 * bounds every such claim by the bytes actually present (see {@link BinaryCursor}).
 */
final class BodyCheck {
    // Our schemas nest three levels; only a recursive schema could go deeper.
    private static final int MAX_DEPTH = 32;

    private final BinaryCursor in;

    private BodyCheck(byte[] payload, int offset) {
        this.in = new BinaryCursor(payload, offset);
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
            return check.in.describe(e);
        }
        return check.in.trailingProblem();
    }

    private void value(Schema schema, int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nesting deeper than " + MAX_DEPTH + " levels");
        }
        switch (schema.getType()) {
            case NULL -> {}
            case BOOLEAN -> in.skip(1);
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.skip(4);
            case DOUBLE -> in.skip(8);
            case STRING, BYTES -> in.skip(in.length());
            case FIXED -> in.skip(schema.getFixedSize());
            case ENUM -> in.index(schema.getEnumSymbols().size(), "enum symbol");
            case UNION -> value(schema.getTypes().get(in.index(schema.getTypes().size(), "union branch")), depth + 1);
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
        long count;
        while ((count = in.blockCount()) != 0) {
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    value(key, depth);
                }
                value(item, depth);
            }
        }
    }
}
