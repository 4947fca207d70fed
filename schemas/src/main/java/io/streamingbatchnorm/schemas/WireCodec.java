package io.streamingbatchnorm.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro single-object encoding: the marker {@code C3 01}, the
 * 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the binary body.
 *
 * <p>{@link #encode} always writes the current schema. {@link #decode} reads any writer schema of the same
 * record that the {@link SchemaCatalog} knows, resolving it to the current schema, and turns every way a
 * payload can be wrong into a {@link WireFormatException}; a corrupt length prefix cannot make it allocate
 * more than a small multiple of the payload size.
 *
 * <p>Thread-safe: one instance may be shared by every thread of a process (the encoder and Avro's
 * message decoder keep their buffers per thread). Not serializable: keep it in a static field or create it when a
 * function opens.
 */
public final class WireCodec<T extends SpecificRecord> {
    /** Length of the single-object header: 2 marker bytes and the 8-byte fingerprint. */
    public static final int HEADER_LENGTH = 10;

    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;

    private final Class<T> type;
    private final Schema schema;
    private final long fingerprint;
    private final SchemaCatalog catalog;
    private final DatumWriter<T> writer;
    private final BinaryMessageDecoder<T> decoder;

    private WireCodec(Class<T> type, SchemaCatalog catalog) {
        SpecificData model = SpecificData.getForClass(type);
        this.type = type;
        this.schema = model.getSchema(type);
        this.fingerprint = SchemaCatalog.fingerprint(schema);
        this.catalog = catalog;
        this.writer = new SpecificDatumWriter<>(schema, model);
        // decode() has already looked the writer schema up and checked it is this record's.
        this.decoder = new BinaryMessageDecoder<>(model, schema, catalog);
    }

    /** A codec for a generated record class that reads the writer schemas known to {@code catalog}. */
    public static <T extends SpecificRecord> WireCodec<T> create(Class<T> type, SchemaCatalog catalog) {
        return new WireCodec<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(catalog, "catalog"));
    }

    /** The record class. */
    public Class<T> type() {
        return type;
    }

    /** The current (reader and writer) schema. */
    public Schema schema() {
        return schema;
    }

    /** The fingerprint of the current schema, as written in every encoded header. */
    public long fingerprint() {
        return fingerprint;
    }

    /** {@link #fingerprint()} as 16 hex digits. */
    public String fingerprintHex() {
        return SchemaCatalog.hex(fingerprint);
    }

    /**
     * Encodes a record with the current schema.
     *
     * @throws IllegalArgumentException if the record cannot be encoded (a required field is null)
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        // What Avro's BinaryMessageEncoder writes, through a buffered encoder into an unlocked buffer: its
        // direct encoder locks a ByteArrayOutputStream for every byte it writes.
        EncodeBuffer out = EncodeBuffer.get();
        out.writeHeader(fingerprint);
        try {
            out.encoder = EncoderFactory.get().binaryEncoder(out, out.encoder);
            writer.write(record, out.encoder);
            out.encoder.flush();
        } catch (IOException | RuntimeException e) {
            // The buffered encoder may still hold part of the refused record, and reusing it would flush that
            // into the next record this thread encodes.
            out.encoder = null;
            throw new IllegalArgumentException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a single-object encoded payload written with any known schema version of this record.
     *
     * @throws WireFormatException with reason {@link WireError#BAD_HEADER}, {@link WireError#UNKNOWN_SCHEMA} or
     *     {@link WireError#UNDECODABLE}; never any other exception for any input
     */
    public T decode(byte[] payload) {
        Schema writer = writerSchema(payload);
        String problem = BodyCheck.problem(writer, payload, HEADER_LENGTH);
        if (problem != null) {
            throw undecodable(payload, problem, null);
        }
        try {
            return decoder.decode(payload);
        } catch (IOException | RuntimeException e) {
            throw undecodable(payload, String.valueOf(e.getMessage()), e);
        }
    }

    private Schema writerSchema(byte[] payload) {
        if (payload == null || payload.length < HEADER_LENGTH) {
            throw new WireFormatException(
                    WireError.BAD_HEADER,
                    "payload is "
                            + (payload == null ? "null" : payload.length + " bytes long")
                            + ", shorter than the 10-byte single-object header (C3 01 and an 8-byte schema fingerprint): "
                            + "the producer must write " + type.getSimpleName() + " with single-object encoding");
        }
        if (payload[0] != MARKER_0 || payload[1] != MARKER_1) {
            throw new WireFormatException(
                    WireError.BAD_HEADER,
                    String.format(
                            "payload starts with %02X %02X, not the Avro single-object marker C3 01: the producer must "
                                    + "write %s with single-object encoding (BinaryMessageEncoder), not plain binary, JSON "
                                    + "or a schema-registry framing",
                            payload[0], payload[1], type.getSimpleName()));
        }
        long writerFingerprint = headerFingerprint(payload);
        Schema writer = catalog.findByFingerprint(writerFingerprint);
        if (writer == null) {
            throw new WireFormatException(
                    WireError.UNKNOWN_SCHEMA,
                    "writer schema fingerprint "
                            + SchemaCatalog.hex(writerFingerprint) + " is not a known version of "
                            + type.getSimpleName()
                            + " (current " + fingerprintHex() + "): the producer runs a schema this reader has never "
                            + "seen; upgrade the reader, or add that schema to the schema history");
        }
        if (!writer.getFullName().equals(schema.getFullName())) {
            throw new WireFormatException(
                    WireError.UNKNOWN_SCHEMA,
                    "payload holds a " + writer.getName()
                            + " (fingerprint " + SchemaCatalog.hex(writerFingerprint) + "), but a "
                            + type.getSimpleName()
                            + " was expected: check that the producer writes the right record type to this topic");
        }
        return writer;
    }

    private static long headerFingerprint(byte[] payload) {
        return ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The error for a payload whose header is fine but whose body is not. */
    WireFormatException undecodable(byte[] payload, String detail, Throwable cause) {
        return new WireFormatException(
                WireError.UNDECODABLE,
                "cannot decode the " + payload.length + "-byte "
                        + type.getSimpleName() + " payload written with schema "
                        + SchemaCatalog.hex(headerFingerprint(payload))
                        + ": " + detail + "; the payload was truncated or corrupted, or the producer wrote a body that "
                        + "does not match the schema named in its header",
                cause);
    }

    @Override
    public String toString() {
        return "WireCodec[" + type.getSimpleName() + ", " + fingerprintHex() + "]";
    }
}
