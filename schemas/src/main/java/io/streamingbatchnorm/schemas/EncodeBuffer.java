package io.streamingbatchnorm.schemas;

import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;

/**
 * One thread's buffer for encoding records: a growable byte array, the Avro encoder over it, and the
 * writes of Avro's binary format that the hand-written encoders need, all reused from record to record.
 * Unlike {@code ByteArrayOutputStream} it takes no lock per write.
 */
final class EncodeBuffer extends OutputStream {
    /** A buffer grown beyond this by one unusually large record is dropped rather than kept. */
    private static final int KEEP_AT_MOST = 1 << 20;

    private static final ThreadLocal<EncodeBuffer> PER_THREAD = ThreadLocal.withInitial(EncodeBuffer::new);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes = new byte[512];
    private int count;
    /** The Avro encoder writing into this buffer, reused by {@code EncoderFactory}. */
    BinaryEncoder encoder;

    /** This thread's buffer, emptied. */
    static EncodeBuffer get() {
        EncodeBuffer b = PER_THREAD.get();
        if (b.bytes.length > KEEP_AT_MOST) {
            b.bytes = new byte[512];
        }
        b.count = 0;
        return b;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    /** The single-object header: the marker and the writer schema's fingerprint. */
    void writeHeader(long fingerprint) {
        ensure(WireCodec.HEADER_LENGTH);
        bytes[count++] = WireCodec.MARKER_0;
        bytes[count++] = WireCodec.MARKER_1;
        LONG_LE.set(bytes, count, fingerprint);
        count += 8;
    }

    /** An Avro int or long: zig-zag, then 7 bits per byte (an int's bytes equal those of the same long). */
    void writeLong(long value) {
        ensure(10);
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            bytes[count++] = (byte) (zigzag | 0x80);
            zigzag >>>= 7;
        }
        bytes[count++] = (byte) zigzag;
    }

    void writeBoolean(boolean value) {
        write(value ? 1 : 0);
    }

    /** A string as Avro writes one: its UTF-8 length, then its UTF-8 bytes. */
    void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        write(utf8, 0, utf8.length);
    }

    /** A {@code ["null","string"]} union. */
    void writeNullableString(String s) {
        if (s == null) {
            write(0);
        } else {
            write(2);
            writeString(s);
        }
    }

    /** An {@code array<["null","double"]>} in one block, NaN written as null. */
    void writeNullableDoubles(double[] values) {
        int n = values.length;
        if (n > 0) {
            writeLong(n);
            ensure(9L * n);
            byte[] b = bytes;
            int c = count;
            for (double x : values) {
                if (x != x) {
                    b[c++] = 0;
                } else {
                    b[c] = 2;
                    LONG_LE.set(b, c + 1, Double.doubleToRawLongBits(x));
                    c += 9;
                }
            }
            count = c;
        }
        write(0);
    }

    /**
     * A {@code ["null",{"type":"map","values":"string"}]} union, in one block in the map's iteration order.
     *
     * @throws IllegalArgumentException if a key or value is null
     */
    void writeNullableStringMap(Map<String, String> map) {
        if (map == null) {
            write(0);
            return;
        }
        write(2);
        if (!map.isEmpty()) {
            writeLong(map.size());
            for (Map.Entry<String, String> e : map.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("attribute " + e.getKey() + "=" + e.getValue()
                            + ": attribute keys and values must not be null");
                }
                writeString(e.getKey());
                writeString(e.getValue());
            }
        }
        write(0);
    }

    /** A copy of what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }

    private void ensure(long more) {
        if (count + more > bytes.length) {
            long size = Math.max(bytes.length * 2L, count + more);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a record of more than 2 GB cannot be encoded");
            }
            bytes = Arrays.copyOf(bytes, (int) size);
        }
    }
}
