package io.streamingbatchnorm.flink.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private static List<LineSplitter.Line> split(byte[] bytes, int max) throws IOException {
        LineSplitter s = new LineSplitter(new ByteArrayInputStream(bytes), max);
        List<LineSplitter.Line> out = new ArrayList<>();
        for (LineSplitter.Line l = s.next(); l != null; l = s.next()) {
            out.add(l);
        }
        return out;
    }

    private static List<String> texts(List<LineSplitter.Line> lines) {
        return lines.stream().map(l -> l.ok() ? l.text() : l.problem().name()).toList();
    }

    @Test
    void linesEndWithLfOrCrLfAndTheLastNeedsNoNewline() throws IOException {
        byte[] file = "a\r\nb\n\r\nc".getBytes(StandardCharsets.UTF_8);
        List<LineSplitter.Line> lines = split(file, 1024);
        assertThat(texts(lines)).containsExactly("a", "b", "", "c");
        assertThat(lines.stream().map(LineSplitter.Line::number)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(split(new byte[0], 1024)).isEmpty();
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkippedAndOnlyThere() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] file =
                concat(bom, "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), bom, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(texts(split(file, 1024))).containsExactly("{\"a\":1}", "\uFEFFx");
    }

    @Test
    void asciiLinesAndLinesWithMultiByteCharactersReadAsUtf8() throws IOException {
        String[] texts = {"{\"key\":\"plain\"}", "{\"key\":\"Zürich\"}", "\u00ff\u0100", "東京 \uD83C\uDF0D", "\u007f"};
        byte[] file = String.join("\n", texts).getBytes(StandardCharsets.UTF_8);
        assertThat(texts(split(file, 1024))).containsExactly(texts);
    }

    @Test
    void aLineThatIsNotUtf8IsReportedWithItsBytesAndTheNextLinesStillRead() throws IOException {
        byte[] bad = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        byte[] file = concat("ok\n".getBytes(StandardCharsets.UTF_8), bad, "\nnext\n".getBytes(StandardCharsets.UTF_8));
        List<LineSplitter.Line> lines = split(file, 1024);
        assertThat(texts(lines)).containsExactly("ok", "INVALID_UTF8", "next");
        assertThat(lines.get(1).prefix()).containsExactly(bad);
        assertThat(lines.get(1).number()).isEqualTo(2);
    }

    @Test
    void aLineLongerThanTheLimitIsReportedWithAPrefixAndItsLength() throws IOException {
        String longLine = "x".repeat(5000);
        byte[] file = ("a\n" + longLine + "\r\nb\n" + "y".repeat(2048) + "\r\n").getBytes(StandardCharsets.UTF_8);
        List<LineSplitter.Line> lines = split(file, 2048);
        assertThat(texts(lines)).containsExactly("a", "TOO_LONG", "b", "y".repeat(2048));
        assertThat(lines.get(1).length()).isEqualTo(5001);
        assertThat(lines.get(1).prefix()).hasSize(LineSplitter.PREFIX);
    }

    @Test
    void aLineLargerThanAnyArrayIsSkippedWithoutBeingHeldInMemory() throws IOException {
        // 3 GiB without a newline: more than a Java array can hold, so it cannot have been read whole.
        long size = 3L << 30;
        InputStream huge = new RepeatingStream(size, (byte) 'z');
        InputStream file = new java.io.SequenceInputStream(huge, new ByteArrayInputStream("\nafter\n".getBytes()));
        LineSplitter s = new LineSplitter(file, 1 << 20);
        LineSplitter.Line first = s.next();
        assertThat(first.problem()).isEqualTo(LineSplitter.Problem.TOO_LONG);
        assertThat(first.length()).isEqualTo(size);
        assertThat(s.next().text()).isEqualTo("after");
        assertThat(s.next()).isNull();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** {@code size} copies of one byte, generated as they are read. */
    private static final class RepeatingStream extends InputStream {
        private long left;
        private final byte value;

        RepeatingStream(long size, byte value) {
            this.left = size;
            this.value = value;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, value);
            left -= n;
            return n;
        }
    }
}
