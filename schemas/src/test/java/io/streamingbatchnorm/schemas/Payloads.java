package io.streamingbatchnorm.schemas;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds raw single-object payloads byte by byte, to craft malformed ones. */
final class Payloads {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Payloads withHeader(long fingerprint) {
        Payloads payloads = new Payloads();
        payloads.out.write(0xC3);
        payloads.out.write(0x01);
        payloads.out.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(fingerprint)
                .array());
        return payloads;
    }

    /** Appends a long the way Avro encodes int and long: zig-zag, then 7 bits per byte. */
    Payloads varint(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        return this;
    }

    Payloads bytes(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    Payloads string(String ascii) {
        varint(ascii.length());
        out.writeBytes(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }
}
