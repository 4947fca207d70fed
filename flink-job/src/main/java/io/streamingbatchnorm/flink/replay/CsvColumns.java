package io.streamingbatchnorm.flink.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which columns of a CSV input hold the key, the event time, the features and the id, resolved against its header
 * before the replay starts so that a misspelt column stops it at once, with the flag and the columns there are.
 */
public final class CsvColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<String> header;
    final int key;
    final int time;
    final int[] features;
    final int id;

    private CsvColumns(List<String> header, int key, int time, int[] features, int id) {
        this.header = List.copyOf(header);
        this.key = key;
        this.time = time;
        this.features = features;
        this.id = id;
    }

    /**
     * Resolves the column flags against {@code headerLine}; throws {@link IllegalArgumentException} naming the flag
     * whose column is not in the header.
     */
    public static CsvColumns resolve(String headerLine, String key, String time, String features, String id) {
        List<String> header = CsvFields.split(headerLine == null ? "" : headerLine);
        if (header == null || headerLine.isBlank()) {
            throw new IllegalArgumentException("--input-format csv: the first line must be a header of column names");
        }
        header.replaceAll(String::strip);
        int k = column("--key-column", required("--key-column", key), header);
        int t = column("--time-column", required("--time-column", time), header);
        List<Integer> f = new ArrayList<>();
        for (String item : required("--feature-columns", features).split(",")) {
            String s = item.strip();
            int range = s.indexOf("..");
            if (range > 0) {
                int from = column("--feature-columns", s.substring(0, range), header);
                int to = column("--feature-columns", s.substring(range + 2), header);
                if (to < from) {
                    throw new IllegalArgumentException("--feature-columns: the range '" + s + "' runs backwards");
                }
                for (int c = from; c <= to; c++) {
                    f.add(c);
                }
            } else {
                f.add(column("--feature-columns", s, header));
            }
        }
        int i = id == null || id.isBlank() ? -1 : column("--id-column", id, header);
        return new CsvColumns(
                header, k, t, f.stream().mapToInt(Integer::intValue).toArray(), i);
    }

    /** Resolves the column flags against the header (first line) of {@code input}, which may be gzip-compressed. */
    public static CsvColumns of(Path input, int maxLineBytes, String key, String time, String features, String id)
            throws IOException {
        try (InputStream in = Compression.open(input)) {
            LineSplitter.Line first = new LineSplitter(in, maxLineBytes).next();
            String header = first == null || !first.ok() ? null : first.text();
            return resolve(header, key, time, features, id);
        }
    }

    private static String required(String flag, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + ": required with --input-format csv");
        }
        return value;
    }

    /** The 0-based index of a column given by name or 1-based number. */
    private static int column(String flag, String nameOrNumber, List<String> header) {
        String s = nameOrNumber.strip();
        int at = header.indexOf(s);
        if (at >= 0) {
            return at;
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= header.size()) {
                return n - 1;
            }
        }
        throw new IllegalArgumentException(
                flag + ": no column '" + s + "' in the header; its columns are " + String.join(", ", header));
    }

    int dimension() {
        return features.length;
    }
}
