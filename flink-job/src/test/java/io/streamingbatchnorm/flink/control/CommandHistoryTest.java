package io.streamingbatchnorm.flink.control;

import static io.streamingbatchnorm.flink.window.TestEvents.T0;
import static io.streamingbatchnorm.flink.window.TestEvents.command;
import static io.streamingbatchnorm.flink.window.TestEvents.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The commands kept in broadcast state stay bounded: a switch superseded by a later one, once the watermark has
 * passed the later one, is dropped, and is not taken back when the control topic is read again after a restore.
 */
class CommandHistoryTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();
    private static final int COMMANDS = 10_000;

    private static StoredCommand switchAt(int i) {
        return command("c" + i, "k", i % 2 == 0 ? CommandType.EVAL : CommandType.TRAIN, T0 + 10L * i, i);
    }

    private static int storedCommands(
            KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> h) throws Exception {
        int n = 0;
        for (var ignored : h.getOperator()
                .getOperatorStateBackend()
                .getBroadcastState(ControlStampFunction.COMMANDS)
                .entries()) {
            n++;
        }
        return n;
    }

    /** Sends command i, a record just after its effective time and a watermark; returns the record's mode. */
    private static Mode step(
            KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> h, int i)
            throws Exception {
        h.processBroadcastElement(switchAt(i), 0L);
        long t = T0 + 10L * i + 5;
        h.processElement(feature("k", t, "r" + i, 1.0, 2.0), t);
        h.processWatermark(new Watermark(t));
        h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        Mode mode = null;
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof StampedEvent e && !e.isMarker()) {
                mode = e.control.mode;
            }
        }
        h.getOutput().clear();
        return mode;
    }

    @Test
    void tenThousandSwitchesKeepAFewCommandsAndEveryRecordItsMode() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        OperatorSubtaskState halfway;
        try (var h = StampedWindows.stamping(CONFIG, List.of(), 1, 0, null)) {
            for (int i = 0; i < COMMANDS / 2; i++) {
                assertThat(step(h, i)).isEqualTo(i % 2 == 0 ? Mode.EVAL : Mode.TRAIN);
                if (i % 1000 == 999) {
                    sizes.add(storedCommands(h));
                }
            }
            halfway = h.snapshot(1, 1);
        }
        // A restore re-reads the control topic from its start: known at submission and delivered again.
        List<StoredCommand> topic = new ArrayList<>();
        for (int i = 0; i < COMMANDS / 2; i++) {
            topic.add(switchAt(i));
        }
        try (var h = StampedWindows.stamping(CONFIG, topic, 1, 0, halfway)) {
            for (StoredCommand c : topic) {
                h.processBroadcastElement(c, 0L);
            }
            assertThat(StampedWindows.take(h))
                    .as("no command read again is a duplicate")
                    .isEmpty();
            for (int i = COMMANDS / 2; i < COMMANDS; i++) {
                assertThat(step(h, i)).isEqualTo(i % 2 == 0 ? Mode.EVAL : Mode.TRAIN);
                if (i % 1000 == 999) {
                    sizes.add(storedCommands(h));
                }
            }
        }
        System.out.println("broadcast state entries after every 1,000 of 10,000 commands: " + sizes);
        assertThat(sizes).hasSize(10).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
    }
}
