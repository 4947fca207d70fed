package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.CoreMapping;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the demo learns from the job's outputs, joined with the raw values it sent (by record id).
 * The consumer thread adds to it while the progress ticker reads it, so every method is synchronized.
 */
public final class DemoTally {
    /** A consistent view of the counters, for one progress line. */
    public record Progress(long normalized, long deadLetters, long batches, Map<String, String> modes) {}

    private final Map<String, double[]> rawById = new HashMap<>();
    private final Map<String, KeyTally> keys = new TreeMap<>();
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private final int chartFeature;
    private long normalized;
    private long deadLetters;
    private long unmatched;

    public DemoTally(DemoStream stream) {
        this.chartFeature = stream.chartFeature();
        for (Payload p : stream.payloads()) {
            if (p.good()) {
                rawById.put(p.record().getId(), CoreMapping.toVector(p.record().getValues()));
            }
        }
    }

    synchronized void add(NormalizedRecord r) {
        normalized++;
        double[] x = rawById.get(r.getId());
        if (x == null) {
            // Not a record this demo sent: the topic held something else. Counted, left out of the statistics.
            unmatched++;
            return;
        }
        double[] y = CoreMapping.toVector(r.getValues());
        keys.computeIfAbsent(r.getKey(), k -> new KeyTally(x.length, chartFeature))
                .addOutput(r.getEventTime().toEpochMilli(), x, y, r.getMode(), r.getStatsVersion(), r.getLate());
    }

    synchronized void add(StatsSnapshot s) {
        keys.computeIfAbsent(s.getKey(), k -> new KeyTally(s.getRunningMean().size(), chartFeature))
                .addSnapshot(s);
    }

    synchronized void add(DriftEvent e) {
        keys.computeIfAbsent(e.getKey(), k -> new KeyTally(e.getShift().size(), chartFeature))
                .addDrift(e);
    }

    synchronized void add(DeadLetter d) {
        deadLetters++;
        deadLetterReasons.merge(d.getReason(), 1L, Long::sum);
    }

    public synchronized Progress progress() {
        long batches = 0;
        Map<String, String> modes = new LinkedHashMap<>();
        for (Map.Entry<String, KeyTally> e : keys.entrySet()) {
            StatsSnapshot s = e.getValue().lastSnapshot();
            if (s != null) {
                batches += s.getVersion();
                modes.put(e.getKey(), s.getMode().name() + " v" + s.getVersion());
            }
        }
        return new Progress(normalized, deadLetters, batches, modes);
    }

    public synchronized long normalized() {
        return normalized;
    }

    public synchronized long deadLetters() {
        return deadLetters;
    }

    public synchronized Map<String, Long> deadLetterReasons() {
        return Map.copyOf(deadLetterReasons);
    }

    /** Outputs whose id matched no record the demo sent (0 unless the topic was shared). */
    public synchronized long unmatched() {
        return unmatched;
    }

    public synchronized Map<String, KeyTally> keys() {
        return new TreeMap<>(keys);
    }

    /** Drift events of {@code mode}, over all keys. */
    public synchronized long driftEvents(Mode mode) {
        return keys.values().stream().mapToLong(k -> k.driftEvents(mode)).sum();
    }

    /** Outputs in eval mode, over all keys. */
    public synchronized long outputs(Mode mode) {
        return keys.values().stream().mapToLong(k -> k.outputs(mode)).sum();
    }
}
