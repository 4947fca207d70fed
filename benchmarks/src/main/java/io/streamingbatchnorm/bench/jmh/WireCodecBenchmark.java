package io.streamingbatchnorm.bench.jmh;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Avro single-object decode and encode of one {@code FeatureRecord} (header check, schema lookup, body
 * check, binary body), against copying its bytes: what a consume-produce loop does with a payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireCodecBenchmark {
    @Param({"16"})
    public int dimension;

    private WireCodec<FeatureRecord> codec;
    private FeatureRecord record;
    private byte[] payload;
    private BinaryMessageEncoder<FeatureRecord> avroEncoder;

    @Setup(Level.Trial)
    public void setUp() {
        codec = AvroWire.featureRecords();
        FeatureData data = new FeatureData(7, dimension);
        record = data.record("key-17", FeatureData.T0, "r17");
        payload = codec.encode(record);
        avroEncoder = new BinaryMessageEncoder<>(SpecificData.getForClass(FeatureRecord.class), codec.schema());
    }

    @Benchmark
    public FeatureRecord decode() {
        return codec.decode(payload);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(record);
    }

    /** Reference, not the product's code: the same bytes through Avro's own single-object encoder. */
    @Benchmark
    public ByteBuffer encodeWithAvroMessageEncoder() throws IOException {
        return avroEncoder.encode(record);
    }

    @Benchmark
    public byte[] copyBytes() {
        byte[] copy = new byte[payload.length];
        System.arraycopy(payload, 0, copy, 0, payload.length);
        return copy;
    }
}
