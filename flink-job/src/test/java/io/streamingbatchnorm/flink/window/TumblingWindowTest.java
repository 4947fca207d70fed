package io.streamingbatchnorm.flink.window;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static io.streamingbatchnorm.flink.window.TestEvents.immediateOutput;
import static io.streamingbatchnorm.flink.window.TestEvents.snapshot;
import static io.streamingbatchnorm.flink.window.TestEvents.train;
import static io.streamingbatchnorm.flink.window.TestEvents.trainOutputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.control.StampedWindows;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import java.time.Duration;
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
    private static final ControlState TRAIN = CONFIG.initialControl();
    private static final KeyStatistics NEW_KEY = KeyStatistics.initial(2, 0);

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

        KeyStatistics.TrainResult a = train(NEW_KEY, TRAIN, CONFIG, a1, a2, a3);
        KeyStatistics.TrainResult b = train(NEW_KEY, TRAIN, CONFIG, b1, b2);
        List<NormalizedEvent> out = job.windows().takeNormalized();
        // Both windows end at the same time; the order between keys is not part of the contract.
        assertThat(describe(out, "a")).containsExactlyElementsOf(trainOutputs(a, a1, a2, a3));
        assertThat(describe(out, "b")).containsExactlyElementsOf(trainOutputs(b, b1, b2));
        assertThat(job.windows().takeSnapshots())
                .containsExactlyInAnyOrder(snapshot("a", a.next(), TRAIN), snapshot("b", b.next(), TRAIN));

        job.watermark(T0 + 19_999);
        KeyStatistics.TrainResult second = train(a.next(), TRAIN, CONFIG, next);
        assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(trainOutputs(second, next));
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
        KeyStatistics.TrainResult first = train(NEW_KEY, TRAIN, CONFIG, a1, a2);
        assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(trainOutputs(first, a1, a2));
        assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", first.next(), TRAIN));

        // Its window [T0, T0 + 10s) has closed: out at once, without waiting for any watermark.
        job.record(late);
        assertThat(job.windows().takeOutputs())
                .containsExactly(immediateOutput(first.next(), TRAIN, CONFIG, late, true));
        assertThat(job.windows().takeSnapshots()).isEmpty();
        assertThat(job.windows().eventTimeTimers()).isZero();

        // The next batch starts from the statistics of the first: the late record was not folded in.
        job.records(a3, a4);
        job.watermark(T0 + 20_000);
        KeyStatistics.TrainResult second = train(first.next(), TRAIN, CONFIG, a3, a4);
        assertThat(second.next().version()).isEqualTo(2);
        assertThat(second.next().count()).isEqualTo(4);
        assertThat(job.windows().takeOutputs()).containsExactlyElementsOf(trainOutputs(second, a3, a4));
        assertThat(job.windows().takeSnapshots()).containsExactly(snapshot("a", second.next(), TRAIN));
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

    private static List<String> describe(List<NormalizedEvent> out, String key) {
        return out.stream()
                .filter(e -> e.key.equals(key))
                .map(TestEvents::describe)
                .toList();
    }
}
