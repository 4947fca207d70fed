package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --late fold}: a late record is normalized at once with the statistics as they are, and its values join
 * the fold of the key's next batch without taking part in that batch's normalization.
 */
class LateFoldTest {
    private static final NormalizerConfig CONFIG = NormalizerOptions.parse(
            Map.of("window", "1s", "max-out-of-orderness", "0ms", "running", "cumulative", "late", "fold"));

    @Test
    void aLateRecordsValuesJoinTheNextBatchsFold() throws Exception {
        double[][] x = {{1, 10}, {3, 14}, {20, 30}, {5, 6}, {7, 2}};
        try (StampedWindows job = StampedWindows.open(CONFIG, List.of())) {
            job.watermark(Long.MIN_VALUE + 1);
            job.record(feature("a", T0 + 100, "a1", x[0]));
            job.record(feature("a", T0 + 200, "a2", x[1]));
            job.watermark(T0 + 1_000);
            job.record(feature("a", T0 + 300, "late", x[2]));
            List<NormalizedEvent> first = job.windows().takeNormalized();
            assertThat(first).extracting(e -> e.id).containsExactly("a1", "a2", "late");
            NormalizedEvent late = first.get(2);
            assertThat(late.late).isTrue();
            assertThat(late.statsVersion).isEqualTo(1);
            // Normalized with the pooled statistics of a1 and a2 only: mean (2, 12), variance (1, 4).
            assertThat(late.values[0])
                    .isCloseTo((20 - 2) / Math.sqrt(1 + 1e-5), org.assertj.core.data.Offset.offset(1e-9));

            job.record(feature("a", T0 + 1_100, "b1", x[3]));
            job.record(feature("a", T0 + 1_200, "b2", x[4]));
            job.watermark(T0 + 2_000);
            List<NormalizedEvent> second = job.windows().takeNormalized();
            assertThat(second).extracting(e -> e.id).containsExactly("b1", "b2");
            // The batch is normalized with its own two values only: mean (6, 4), biased variance (1, 4).
            assertThat(second.get(0).values[0])
                    .isCloseTo(-1 / Math.sqrt(1 + 1e-5), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(second.get(0).statsVersion).isEqualTo(2);

            String snapshot =
                    job.windows().takeSnapshots().stream().reduce((p, q) -> q).orElseThrow();
            // Folded: the five values, the late one included, as a two-pass computation over all of them gives.
            assertThat(snapshot).contains("count=5");
            double[] mean = vector(snapshot, "mean=[");
            double[] var = vector(snapshot, "var=[");
            for (int j = 0; j < 2; j++) {
                double m = mean(x, j);
                double ss = 0;
                for (double[] r : x) {
                    ss += (r[j] - m) * (r[j] - m);
                }
                assertThat(mean[j]).isCloseTo(m, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(m)));
                assertThat(var[j]).isCloseTo(ss / x.length, org.assertj.core.data.Offset.offset(1e-12 * ss));
            }
        }
    }

    private static double mean(double[][] x, int j) {
        double s = 0;
        for (double[] r : x) {
            s += r[j];
        }
        return s / x.length;
    }

    private static double[] vector(String snapshot, String field) {
        int from = snapshot.indexOf(field) + field.length();
        String[] parts = snapshot.substring(from, snapshot.indexOf(']', from)).split(", ");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }
}
