package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.BinaryCursor.Malformed;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code features} topic's wire format read into and written from {@link FeatureVector}s, without
 * boxing a value: what an engine's source uses to turn payloads into the {@code double[]} the core
 * computes with, and what load generators and tests use to write them.
 *
 * <p>Bytes and errors are those of {@link WireCodec}{@code <FeatureRecord>}: {@link #encode} writes what it
 * writes for the same record (NaN as null), and {@link #decode} accepts and rejects exactly the payloads it
 * does, with the same {@link WireFormatException}s. A payload written with the current schema is read
 * straight from its bytes, checking bounds as it goes; one written with another schema version the
 * catalog knows is resolved by Avro as {@code WireCodec} resolves it.
 *
 * <p>Thread-safe and stateless apart from the per-thread encoding buffer it shares with {@code WireCodec}.
 */
public final class FeatureVectorCodec {
    /** The layout {@link #decodeCurrent} and {@link #encode} are written for. */
    static final String LAYOUT =
            "{key:string,event_time:long,values:array<[null,double]>,id:[null,string],attributes:[null,map<string>]}";

    private final WireCodec<FeatureRecord> records;
    private final long fingerprint;

    private FeatureVectorCodec(WireCodec<FeatureRecord> records) {
        SchemaShape.require(records.schema(), LAYOUT, FeatureVectorCodec.class);
        this.records = records;
        this.fingerprint = records.fingerprint();
    }

    /** A codec that reads the writer schemas known to {@code catalog}. */
    public static FeatureVectorCodec create(SchemaCatalog catalog) {
        return new FeatureVectorCodec(
                WireCodec.create(FeatureRecord.class, Objects.requireNonNull(catalog, "catalog")));
    }

    /** The fingerprint of the current schema, as written in every encoded header. */
    public long fingerprint() {
        return fingerprint;
    }

    /**
     * Decodes a single-object encoded {@code FeatureRecord} written with any known schema version; null
     * values become NaN, and a NaN on the wire stays NaN.
     *
     * @throws WireFormatException with reason {@link WireError#BAD_HEADER}, {@link WireError#UNKNOWN_SCHEMA} or
     *     {@link WireError#UNDECODABLE}; never any other exception for any input
     */
    public FeatureVector decode(byte[] payload) {
        if (payload != null
                && payload.length >= WireCodec.HEADER_LENGTH
                && payload[0] == WireCodec.MARKER_0
                && payload[1] == WireCodec.MARKER_1
                && BinaryCursor.longAt(payload, 2) == fingerprint) {
            return decodeCurrent(payload);
        }
        // Another schema version, or a bad header: WireCodec resolves the one and reports the other.
        return FeatureVector.of(records.decode(payload));
    }

    private FeatureVector decodeCurrent(byte[] payload) {
        BinaryCursor in = new BinaryCursor(payload, WireCodec.HEADER_LENGTH);
        FeatureVector vector;
        try {
            String key = in.readString();
            long eventTime = in.readLong();
            double[] values = in.readNullableDoubles();
            String id = in.index(2, "union branch") == 0 ? null : in.readString();
            Map<String, String> attributes = in.index(2, "union branch") == 0 ? null : in.readStringMap();
            vector = new FeatureVector(key, eventTime, values, id, attributes);
        } catch (Malformed e) {
            throw records.undecodable(payload, in.describe(e), null);
        } catch (RuntimeException e) {
            // Not expected from a bounds-checked reader; a dead letter is still better than a failed job.
            throw records.undecodable(payload, String.valueOf(e), e);
        }
        String trailing = in.trailingProblem();
        if (trailing != null) {
            throw records.undecodable(payload, trailing, null);
        }
        return vector;
    }

    /**
     * Encodes a vector as the current {@code FeatureRecord} schema, NaN values as null: the bytes {@link
     * WireCodec#encode} writes for {@link FeatureVector#toRecord()}.
     *
     * @throws IllegalArgumentException if an attribute key or value is null
     */
    public byte[] encode(FeatureVector vector) {
        EncodeBuffer out = EncodeBuffer.get();
        out.writeHeader(fingerprint);
        out.writeString(vector.key());
        out.writeLong(vector.eventTime());
        out.writeNullableDoubles(vector.values());
        out.writeNullableString(vector.id());
        out.writeNullableStringMap(vector.attributes());
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "FeatureVectorCodec[" + SchemaCatalog.hex(fingerprint) + "]";
    }
}
