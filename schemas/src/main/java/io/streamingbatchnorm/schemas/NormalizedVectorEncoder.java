package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.NormalizedRecord;

/**
 * Writes {@link NormalizedVector}s in the wire format of the normalized output topics, without boxing a
 * value: what an engine's sink uses to encode the {@code double[]} the core produced.
 *
 * <p>The bytes are those {@link WireCodec}{@code <NormalizedRecord>}{@link WireCodec#encode encode} writes
 * for {@link NormalizedVector#toRecord()}: the current schema, NaN values as null. Thread-safe; it keeps
 * nothing but the per-thread encoding buffer it shares with {@code WireCodec}.
 */
public final class NormalizedVectorEncoder {
    /** The layout {@link #encode} is written for. */
    static final String LAYOUT = "{key:string,event_time:long,id:[null,string],attributes:[null,map<string>],"
            + "values:array<[null,double]>,mode:enum[TRAIN,EVAL],stats_version:long,batch_size:int,late:boolean}";

    private final long fingerprint;

    private NormalizedVectorEncoder() {
        SchemaShape.require(NormalizedRecord.getClassSchema(), LAYOUT, NormalizedVectorEncoder.class);
        this.fingerprint = SchemaCatalog.fingerprint(NormalizedRecord.getClassSchema());
    }

    /** An encoder of the current {@code NormalizedRecord} schema. */
    public static NormalizedVectorEncoder create() {
        return new NormalizedVectorEncoder();
    }

    /** The fingerprint of the current schema, as written in every encoded header. */
    public long fingerprint() {
        return fingerprint;
    }

    /**
     * Encodes a vector as the current {@code NormalizedRecord} schema.
     *
     * @throws IllegalArgumentException if an attribute key or value is null
     */
    public byte[] encode(NormalizedVector vector) {
        EncodeBuffer out = EncodeBuffer.get();
        out.writeHeader(fingerprint);
        out.writeString(vector.key());
        out.writeLong(vector.eventTime());
        out.writeNullableString(vector.id());
        out.writeNullableStringMap(vector.attributes());
        out.writeNullableDoubles(vector.values());
        // The generated enum's ordinal is its symbol's index, which is what Avro writes.
        out.writeLong(CoreMapping.toAvro(vector.mode()).ordinal());
        out.writeLong(vector.statsVersion());
        out.writeLong(vector.batchSize());
        out.writeBoolean(vector.late());
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "NormalizedVectorEncoder[" + SchemaCatalog.hex(fingerprint) + "]";
    }
}
