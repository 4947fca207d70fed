package io.streamingbatchnorm.flink.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip by file name: a replay file whose name ends with {@code .gz} is read and written compressed. Parts written
 * by parallel subtasks are gzip members of their own; joined, they are one valid gzip file (RFC 1952 allows any
 * number of members, and gunzip, zcat and Java read them all).
 */
final class Compression {
    private static final int BUFFER = 1 << 16;

    private Compression() {}

    static boolean gzip(Path file) {
        return file != null && file.getFileName().toString().endsWith(".gz");
    }

    /** {@code file}'s bytes, decompressed if its name says gzip. */
    static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return gzip(file) ? new GZIPInputStream(new BufferedInputStream(in, BUFFER), BUFFER) : in;
    }

    /** {@code out}, compressing if {@code gzip}; closing it finishes the gzip member. */
    static OutputStream wrap(OutputStream out, boolean gzip) throws IOException {
        return gzip ? new GZIPOutputStream(out, BUFFER) : out;
    }
}
