package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.testing.ReferenceStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic feature streams written as replay JSON lines. */
public final class TestStreams {
    public static final long T0 = 1_700_000_000_000L;

    private TestStreams() {}

    /** One input line as DESIGN 5 writes it. */
    public record Line(String key, long eventTime, Double[] values, String id) {
        /** The values with NaN for a missing one. */
        public double[] vector() {
            double[] x = new double[values.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = values[j] == null ? Double.NaN : values[j];
            }
            return x;
        }

        /** This line as the independent reference takes it. */
        public ReferenceStream.Record reference() {
            return new ReferenceStream.Record(key, eventTime, id, vector());
        }

        public String json() {
            StringBuilder b = new StringBuilder("{\"key\":\"")
                    .append(key)
                    .append("\",\"event_time\":")
                    .append(eventTime)
                    .append(",\"values\":[");
            for (int j = 0; j < values.length; j++) {
                b.append(j == 0 ? "" : ",").append(values[j] == null ? "null" : Double.toString(values[j]));
            }
            return b.append("],\"id\":\"").append(id).append("\"}").toString();
        }
    }

    /**
     * {@code n} records over {@code keys} keys, in event-time order one {@code stepMillis} apart, with
     * per-key means and scales that drift, and about {@code missingRate} of values missing.
     */
    public static List<Line> drifting(long seed, int keys, int n, int dim, long stepMillis, double missingRate) {
        Random r = new Random(seed);
        List<Line> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(keys);
            Double[] v = new Double[dim];
            for (int j = 0; j < dim; j++) {
                double mean = 10.0 * (k + 1) * (j + 1) + i * 0.01;
                double scale = 1.0 + k + 0.5 * j;
                v[j] = r.nextDouble() < missingRate ? null : mean + scale * r.nextGaussian();
            }
            out.add(new Line("key-" + k, T0 + i * stepMillis, v, "r" + i));
        }
        return out;
    }

    /**
     * {@code perKey} records for each of {@code keys} keys, keys taking turns, so that every key's count
     * in any prefix of whole rounds is known: batches then close by count, never by a watermark.
     */
    public static List<Line> roundRobin(long seed, int keys, int perKey, int dim, long stepMillis) {
        Random r = new Random(seed);
        List<Line> out = new ArrayList<>(keys * perKey);
        for (int i = 0; i < keys * perKey; i++) {
            int k = i % keys;
            Double[] v = new Double[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = 5.0 * (k + 1) + j + i * 0.001 + (1 + k) * r.nextGaussian();
            }
            out.add(new Line("key-" + k, T0 + i * stepMillis, v, "r" + i));
        }
        return out;
    }

    public static Path write(Path file, List<Line> lines) {
        List<String> text = new ArrayList<>(lines.size());
        for (Line l : lines) {
            text.add(l.json());
        }
        try {
            return Files.write(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
