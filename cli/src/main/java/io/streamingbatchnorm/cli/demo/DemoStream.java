package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.ControlCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the demo sends: the feature messages in order (a few of them bad on purpose), the control
 * commands that switch keys to eval mode, and what the chart and summary need to know about it.
 *
 * @param title a one-line description, for the output and the chart
 * @param payloads the messages, in the order they are produced
 * @param commands control commands, sent before the job starts so they apply from the first record
 * @param switchTime the event time from which {@code switchedKeys} are in eval mode
 * @param switchedKeys the keys the commands switch to eval mode
 * @param featureNames one name per feature, for the summary and the chart
 * @param chartFeature the feature the chart shows
 */
public record DemoStream(
        String title,
        List<Payload> payloads,
        List<ControlCommand> commands,
        long switchTime,
        Set<String> switchedKeys,
        List<String> featureNames,
        int chartFeature) {

    public DemoStream {
        payloads = List.copyOf(payloads);
        commands = List.copyOf(commands);
        switchedKeys = Set.copyOf(switchedKeys);
        featureNames = List.copyOf(featureNames);
    }

    /** The keys of the good records, sorted. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (Payload p : payloads) {
            if (p.good()) {
                keys.add(p.key());
            }
        }
        return keys;
    }

    /** How many messages are bad on purpose; each should become one dead letter. */
    public long badCount() {
        return payloads.stream().filter(p -> !p.good()).count();
    }

    /** The bad messages by the reason the job should give. */
    public Map<String, Long> defects() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Payload p : payloads) {
            if (!p.good()) {
                out.merge(p.defect(), 1L, Long::sum);
            }
        }
        return out;
    }

    /** The first and last event time of the stream. */
    public long[] timeRange() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Payload p : payloads) {
            first = Math.min(first, p.eventTime());
            last = Math.max(last, p.eventTime());
        }
        return new long[] {first, last};
    }
}
