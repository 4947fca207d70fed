package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.flink.window.MicroBatchHarness;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --key-ttl}: a key without records for that long in event time leaves no state behind in either operator,
 * not even a timer, after its open batch was folded; a key that returns starts afresh; other keys are untouched.
 */
class KeyTtlTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.builder()
            .batchSize(4)
            .maxBatchDelay(Duration.ofSeconds(5))
            .keyTtl(Duration.ofSeconds(60))
            .build();

    private KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> stamp;
    private MicroBatchHarness windows;

    @BeforeEach
    void open() throws Exception {
        stamp = StampedWindows.stamping(CONFIG, List.of(), 1, 0, null);
        windows = MicroBatchHarness.open(CONFIG);
        stamp.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    @AfterEach
    void close() throws Exception {
        stamp.close();
        windows.close();
    }

    /** Keys with control state in the stamping operator. */
    private long stampedKeys() {
        try (var keys = stamp.getOperator().getKeyedStateBackend().getKeys("key-control", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private void record(String key, long t, String id, double... values) throws Exception {
        stamp.processElement(feature(key, t, id, values), t);
        forward();
    }

    private void watermark(long t) throws Exception {
        stamp.processWatermark(new Watermark(t));
        forward();
    }

    @SuppressWarnings("unchecked")
    private void forward() throws Exception {
        Queue<Object> out = stamp.getOutput();
        for (Object o = out.poll(); o != null; o = out.poll()) {
            if (o instanceof StreamRecord<?> r) {
                windows.process((StreamRecord<StampedEvent>) r);
            } else if (o instanceof Watermark w) {
                windows.watermark(w.getTimestamp());
            }
        }
    }

    @Test
    void anIdleKeyIsForgottenAfterItsBatchAndReturnsAfresh() throws Exception {
        record("a", T0, "a1", 1, 2);
        record("a", T0 + 1_000, "a2", 3, 4);
        record("b", T0 + 50_000, "b1", 5, 6);
        record("b", T0 + 50_500, "b2", 7, 8);
        windows.takeSnapshots();

        // a's batch closes at its deadline (T0 + 5 s), a expires at its last record plus 60 s.
        watermark(T0 + 61_000);
        List<NormalizedEvent> folded = windows.takeNormalized();
        assertThat(folded).extracting(e -> e.id).containsExactly("a1", "a2", "b1", "b2");
        assertThat(folded).extracting(e -> e.statsVersion).containsExactly(1L, 1L, 1L, 1L);
        assertThat(stampedKeys()).as("only b is known to the stamping stage").isEqualTo(1);
        assertThat(windows.globalStateEntries())
                .as("only b's statistics are kept")
                .isEqualTo(1);
        assertThat(stamp.numEventTimeTimers()).as("only b's expiry timer").isEqualTo(1);
        assertThat(windows.eventTimeTimers()).isZero();
        assertThat(windows.takeSnapshots()).hasSize(2);

        record("a", T0 + 70_000, "a3", 1, 2);
        record("a", T0 + 70_001, "a4", 1, 3);
        record("a", T0 + 70_002, "a5", 1, 4);
        record("a", T0 + 70_003, "a6", 1, 5);
        assertThat(windows.takeNormalized())
                .extracting(e -> e.statsVersion)
                .as("a starts from version 0 again")
                .containsExactly(1L, 1L, 1L, 1L);
        assertThat(windows.takeSnapshots()).singleElement().asString().startsWith("a v1 TRAIN count=4 ");

        watermark(Long.MAX_VALUE);
        windows.takeNormalized();
        assertThat(stampedKeys()).isZero();
        assertThat(windows.keyedStateEntries()).isZero();
        assertThat(stamp.numEventTimeTimers()).isZero();
        assertThat(windows.eventTimeTimers()).isZero();
    }

    @Test
    void aKeyWithRecordsKeepsMovingItsExpiry() throws Exception {
        for (int i = 0; i < 10; i++) {
            record("a", T0 + i * 30_000L, "a" + i, i, 2 * i);
            watermark(T0 + i * 30_000L);
        }
        assertThat(stampedKeys()).isEqualTo(1);
        assertThat(windows.globalStateEntries()).isEqualTo(1);
    }
}
