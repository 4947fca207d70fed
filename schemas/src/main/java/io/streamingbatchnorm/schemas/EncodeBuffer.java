package io.streamingbatchnorm.schemas;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;

/**
 * One thread's buffer for encoding records: a growable byte array and the Avro encoder over it, both
 * reused from record to record. Unlike {@code ByteArrayOutputStream} it takes no lock per write.
 */
final class EncodeBuffer extends OutputStream {
    /** A buffer grown beyond this by one unusually large record is dropped rather than kept. */
    private static final int KEEP_AT_MOST = 1 << 20;

    private static final ThreadLocal<EncodeBuffer> PER_THREAD = ThreadLocal.withInitial(EncodeBuffer::new);

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

    /** Writes {@code value} as 8 little-endian bytes. */
    void writeLongLittleEndian(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[count++] = (byte) (value >>> (8 * i));
        }
    }

    /** A copy of what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }

    private void ensure(int more) {
        if (count + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
        }
    }
}
