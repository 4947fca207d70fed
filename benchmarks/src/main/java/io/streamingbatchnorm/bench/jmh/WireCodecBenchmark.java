package io.streamingbatchnorm.bench.jmh;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.FeatureVector;
import io.streamingbatchnorm.schemas.FeatureVectorCodec;
import io.streamingbatchnorm.schemas.NormalizedVector;
import io.streamingbatchnorm.schemas.NormalizedVectorEncoder;
import io.streamingbatchnorm.schemas.WireCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Avro single-object decode and encode of one {@code FeatureRecord} (header check, schema lookup, body
 * check, binary body), through the generated record ({@link WireCodec}) and in primitive form ({@link
 * FeatureVectorCodec}), and encode of one {@code NormalizedRecord} both ways, against copying the payload's
 * bytes: what a consume-produce loop does with a payload.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireCodecBenchmark {
    @Param({"16"})
    public int dimension;

    private WireCodec<FeatureRecord> codec;
    private FeatureVectorCodec vectors;
    private NormalizedVectorEncoder normalizedVectors;
    private FeatureRecord record;
    private FeatureVector vector;
    private NormalizedVector normalized;
    private byte[] payload;
    private byte[] normalizedPayload;
    private BinaryMessageEncoder<FeatureRecord> avroEncoder;

    @Setup(Level.Trial)
    public void setUp() {
        codec = AvroWire.featureRecords();
        vectors = AvroWire.featureVectors();
        normalizedVectors = AvroWire.normalizedVectors();
        FeatureData data = new FeatureData(7, dimension);
        record = data.record("key-17", FeatureData.T0, "r17");
        payload = codec.encode(record);
        vector = vectors.decode(payload);
        normalized = new NormalizedVector(
                vector.key(), vector.eventTime(), vector.id(), null, data.vector(), Mode.EVAL, 12, 1, false);
        normalizedPayload = normalizedVectors.encode(normalized);
        avroEncoder = new BinaryMessageEncoder<>(SpecificData.getForClass(FeatureRecord.class), codec.schema());
    }

    @Benchmark
    public FeatureRecord decode() {
        return codec.decode(payload);
    }

    /** What an engine paid for a {@code double[]} before the primitive codec: decode, then unbox. */
    @Benchmark
    public double[] decodeThenToVector() {
        return CoreMapping.toVector(codec.decode(payload).getValues());
    }

    @Benchmark
    public FeatureVector decodeVector() {
        return vectors.decode(payload);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(record);
    }

    @Benchmark
    public byte[] encodeVector() {
        return vectors.encode(vector);
    }

    /** Reference, not the product's code: the same bytes through Avro's own single-object encoder. */
    @Benchmark
    public ByteBuffer encodeWithAvroMessageEncoder() throws IOException {
        return avroEncoder.encode(record);
    }

    /** What an engine paid to write a {@code double[]} output before: box into the record, then encode. */
    @Benchmark
    public byte[] encodeNormalizedRecord() {
        return AvroWire.normalizedRecords().encode(normalized.toRecord());
    }

    @Benchmark
    public byte[] encodeNormalizedVector() {
        return normalizedVectors.encode(normalized);
    }

    @Benchmark
    public byte[] copyBytes() {
        byte[] copy = new byte[payload.length];
        System.arraycopy(payload, 0, copy, 0, payload.length);
        return copy;
    }

    /** The baseline of the {@code NormalizedRecord} encoders: a copy of their payload. */
    @Benchmark
    public byte[] copyNormalizedBytes() {
        byte[] copy = new byte[normalizedPayload.length];
        System.arraycopy(normalizedPayload, 0, copy, 0, normalizedPayload.length);
        return copy;
    }
}
