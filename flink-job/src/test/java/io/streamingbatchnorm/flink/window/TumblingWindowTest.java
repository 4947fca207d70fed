package io.streamingbatchnorm.flink.window;

import static io.streamingbatchnorm.flink.window.Expected.assertOutputs;
import static io.streamingbatchnorm.flink.window.Expected.assertSnapshots;
import static io.streamingbatchnorm.flink.window.Expected.immediate;
import static io.streamingbatchnorm.flink.window.Expected.snapshot;
import static io.streamingbatchnorm.flink.window.Expected.train;
import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.control.StampedWindows;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Event-time tumbling micro-batches (DESIGN 4.1): one window of a key is one batch, closed by the
 * watermark; a record whose window has closed is normalized at once and never dropped. Records go
 * through the control stamping operator first, because that is where lateness is decided.
 */
class TumblingWindowTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.builder()
            .window(Duration.ofSeconds(10))
            .maxOutOfOrderness(Duration.ofSeconds(1))
            .build();

    private StampedWindows job;

    @BeforeEach
    void open() throws Exception {
        job = StampedWindows.open(CONFIG, List.of());
    }

    @AfterEach
    void close() throws Exception {
        job.close();
    }

    @Test
    void recordsOfOneWindowAreOneBatchFiredWhenTheWatermarkPassesTheWindowEnd() throws Exception {
        FeatureEvent a1 = feature("a", T0 + 1_000, "a1", 1, 2);
        FeatureEvent a2 = feature("a", T0 + 9_000, "a2", 3, 1);
        FeatureEvent a3 = feature("a", T0 + 4_000, "a3", 2, 6);
        FeatureEvent next = feature("a", T0 + 10_500, "a4", 100, 100);
        FeatureEvent b1 = feature("b", T0 + 5_000, "b1", -1, 1);
        FeatureEvent b2 = feature("b", T0 + 6_000, "b2", 1, 3);

        // Out of order within the window, and a record of the next window before this one closes.
        job.records(a1, a2, a3, next, b1, b2);
        job.watermark(T0 + 9_998);
        assertThat(job.windows().takeNormalized()).isEmpty();
        job.watermark(T0 + 9_999);

        ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
        ReferenceBatchNorm b = ReferenceBatchNorm.withDefaults(2);
        List<NormalizedEvent> out = job.windows().takeNormalized();
        // Both windows end at the same time; the order between keys is not part of the contract.
        assertThat(out).hasSize(5);
        assertOutputs(ofKey(out, "a"), train(a, a1, a2, a3));
        assertOutputs(ofKey(out, "b"), train(b, b1, b2));
        List<StatsEvent> snapshots = job.windows().takeStats().stream()
                .sorted(Comparator.comparing(s -> s.key))
                .toList();
        assertSnapshots(snapshots, List.of(snapshot("a", a, Mode.TRAIN), snapshot("b", b, Mode.TRAIN)));

        job.watermark(T0 + 19_999);
        assertOutputs(job.windows().takeNormalized(), train(a, next));
        assertThat(job.windows().eventTimeTimers()).isZero();
    }

    @Test
    void lateRecordIsNormalizedAtOnceWithTheRunningStatisticsAndChangesNothing() throws Exception {
        FeatureEvent a1 = feature("a", T0 + 1_000, "a1", 1, 2);
        FeatureEvent a2 = feature("a", T0 + 2_000, "a2", 5, 4);
        FeatureEvent late = feature("a", T0 + 5_000, "late", 7, -3);
        FeatureEvent a3 = feature("a", T0 + 12_000, "a3", 2, 2);
        FeatureEvent a4 = feature("a", T0 + 13_000, "a4", 4, 8);

        job.records(a1, a2);
        job.watermark(T0 + 10_000);
        ReferenceBatchNorm a = ReferenceBatchNorm.withDefaults(2);
        assertOutputs(job.windows().takeNormalized(), train(a, a1, a2));
        assertSnapshots(job.windows().takeStats(), List.of(snapshot("a", a, Mode.TRAIN)));

        // Its window [T0, T0 + 10s) has closed: out at once, without waiting for any watermark.
        job.record(late);
        assertOutputs(job.windows().takeNormalized(), List.of(immediate(a, Mode.TRAIN, late, true)));
        assertThat(job.windows().takeSnapshots()).isEmpty();
        assertThat(job.windows().eventTimeTimers()).isZero();

        // The next batch starts from the statistics of the first: the late record was not folded in.
        job.records(a3, a4);
        job.watermark(T0 + 20_000);
        List<Expected.Output> second = train(a, a3, a4);
        assertThat(a.version()).isEqualTo(2);
        assertThat(a.count()).isEqualTo(4);
        assertOutputs(job.windows().takeNormalized(), second);
        assertSnapshots(job.windows().takeStats(), List.of(snapshot("a", a, Mode.TRAIN)));
    }

    @Test
    void recordOnTheLastMillisecondOfAClosedWindowIsLateAndTheFirstOfTheNextIsNot() throws Exception {
        FeatureEvent a1 = feature("a", T0 + 1_000, "a1", 1, 2);
        FeatureEvent a2 = feature("a", T0 + 2_000, "a2", 5, 4);
        FeatureEvent lastMilli = feature("a", T0 + 9_999, "last", 3, 3);
        FeatureEvent nextWindow = feature("a", T0 + 10_000, "next", 3, 3);

        job.records(a1, a2);
        job.watermark(T0 + 9_999);
        job.windows().takeNormalized();
        job.records(lastMilli, nextWindow);

        List<NormalizedEvent> out = job.windows().takeNormalized();
        assertThat(out).extracting(e -> e.id, e -> e.late).containsExactly(tuple("last", true));
        job.watermark(Long.MAX_VALUE);
        assertThat(job.windows().takeNormalized())
                .extracting(e -> e.id, e -> e.late)
                .containsExactly(tuple("next", false));
    }

    private static List<NormalizedEvent> ofKey(List<NormalizedEvent> out, String key) {
        return out.stream().filter(e -> e.key.equals(key)).toList();
    }
}
