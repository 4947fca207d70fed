package io.streamingbatchnorm.flink.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a replay file into lines as bytes, so that nothing in it can stop a replay: a UTF-8 byte order mark at
 * the start is skipped, a line may end with LF or CRLF, a line that is not valid UTF-8 is reported instead of
 * decoded into replacement characters, and a line longer than the limit is reported with a prefix of it after
 * being skipped, without ever being held in memory whole.
 *
 * <p>Not thread-safe; one per file.
 */
public final class LineSplitter {
    /** One line of the file: its 1-based number and either its text or why it cannot be read. */
    public record Line(long number, String text, Problem problem, byte[] prefix, long length) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Why a line cannot be read. */
    public enum Problem {
        /** The line is not valid UTF-8. */
        INVALID_UTF8,
        /** The line is longer than the limit. */
        TOO_LONG
    }

    private static final int BUFFER = 1 << 16;
    /** How much of a refused line a dead letter keeps. */
    static final int PREFIX = 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private long number;
    private boolean first = true;

    public LineSplitter(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, blank or not, or {@code null} at the end of the file. */
    public Line next() throws IOException {
        // Room for a byte order mark and a carriage return around the longest line allowed.
        long whole = maxLineBytes + 4L;
        int length = 0;
        long total = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int end = indexOfNewline();
            int stop = end < 0 ? limit : end;
            int chunk = stop - position;
            int keep = total + chunk <= whole ? chunk : (int) Math.max(0, Math.min(chunk, PREFIX - (long) length));
            ensure(length + keep);
            System.arraycopy(buffer, position, line, length, keep);
            length += keep;
            total += chunk;
            position = end < 0 ? stop : stop + 1;
            if (end >= 0) {
                break;
            }
        }
        number++;
        int from = first && startsWithBom(length) ? 3 : 0;
        first = false;
        if (total > whole) {
            return new Line(
                    number,
                    null,
                    Problem.TOO_LONG,
                    Arrays.copyOfRange(line, from, Math.min(length, from + PREFIX)),
                    total);
        }
        int to = length > from && line[length - 1] == '\r' ? length - 1 : length;
        if (to - from > maxLineBytes) {
            return new Line(
                    number, null, Problem.TOO_LONG, Arrays.copyOfRange(line, from, Math.min(to, from + PREFIX)), total);
        }
        if (ascii(from, to)) {
            // ASCII reads the same in Latin-1, which the string takes as it is: no decoder, no copy through chars.
            return new Line(number, new String(line, from, to - from, StandardCharsets.ISO_8859_1), null, null, total);
        }
        try {
            String text = utf8.decode(ByteBuffer.wrap(line, from, to - from)).toString();
            return new Line(number, text, null, null, total);
        } catch (CharacterCodingException e) {
            byte[] prefix = Arrays.copyOfRange(line, from, Math.min(to, from + PREFIX));
            return new Line(number, null, Problem.INVALID_UTF8, prefix, total);
        }
    }

    private boolean ascii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithBom(int length) {
        return length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, line.length * 2));
        }
    }

    /** Decodes {@code text} only so far as it is valid UTF-8, for messages. */
    static String printable(byte[] prefix) {
        CharBuffer chars = CharBuffer.allocate(prefix.length);
        StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(prefix), chars, true);
        chars.flip();
        return chars.toString();
    }
}
