package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the demo has seen of one key's outputs: raw and normalized moments per feature and mode, the
 * statistics versions its eval outputs used, its snapshots, and the chart feature's points over time.
 */
public final class KeyTally {
    /** One output of the chart feature: event time, raw value, normalized value, and whether it was eval. */
    public record Point(long eventTime, double raw, double normalized, boolean eval) {}

    /**
     * One drift event: the event time of the batch's or eval window's last record, its mode, and whether the chart
     * feature is among the features that crossed a threshold.
     */
    public record DriftMark(long eventTime, Mode mode, boolean chartFeature) {}

    /** One published snapshot of the chart feature: event time of its last batch, running mean and variance. */
    public record StatsPoint(long eventTime, long version, double runningMean, double runningVar) {}

    private final Moments[][] raw;
    private final Moments[][] normalized;
    private final long[] outputs = new long[Mode.values().length];
    private final Set<Long> evalVersions = new TreeSet<>();
    private final List<Point> points = new ArrayList<>();
    private final List<StatsPoint> statsPoints = new ArrayList<>();
    private final List<DriftMark> drifts = new ArrayList<>();
    private final int chartFeature;
    private long late;
    private StatsSnapshot last;

    KeyTally(int dimension, int chartFeature) {
        this.chartFeature = chartFeature;
        raw = new Moments[Mode.values().length][dimension];
        normalized = new Moments[Mode.values().length][dimension];
        for (int m = 0; m < raw.length; m++) {
            for (int j = 0; j < dimension; j++) {
                raw[m][j] = new Moments();
                normalized[m][j] = new Moments();
            }
        }
    }

    void addOutput(long eventTime, double[] x, double[] y, Mode mode, long version, boolean isLate) {
        int m = mode.ordinal();
        outputs[m]++;
        if (isLate) {
            late++;
        }
        if (mode == Mode.EVAL) {
            evalVersions.add(version);
        }
        for (int j = 0; j < Math.min(raw[m].length, y.length); j++) {
            raw[m][j].add(x[j]);
            normalized[m][j].add(y[j]);
        }
        if (chartFeature < y.length) {
            points.add(new Point(eventTime, x[chartFeature], y[chartFeature], mode == Mode.EVAL));
        }
    }

    void addDrift(DriftEvent e) {
        drifts.add(new DriftMark(
                e.getLastEventTime().toEpochMilli(), e.getMode(), e.getCrossed().contains(chartFeature)));
    }

    /** Drift events of this key in {@code mode}. */
    public long driftEvents(Mode mode) {
        return drifts.stream().filter(d -> d.mode() == mode).count();
    }

    public List<DriftMark> drifts() {
        return drifts;
    }

    void addSnapshot(StatsSnapshot s) {
        last = s;
        if (chartFeature < s.getRunningMean().size() && s.getEventTime() != null) {
            statsPoints.add(new StatsPoint(
                    s.getEventTime().toEpochMilli(),
                    s.getVersion(),
                    s.getRunningMean().get(chartFeature),
                    s.getRunningVar().get(chartFeature)));
        }
    }

    public int dimension() {
        return raw[0].length;
    }

    public Moments raw(Mode mode, int feature) {
        return raw[mode.ordinal()][feature];
    }

    public Moments normalized(Mode mode, int feature) {
        return normalized[mode.ordinal()][feature];
    }

    public long outputs(Mode mode) {
        return outputs[mode.ordinal()];
    }

    public long late() {
        return late;
    }

    /** The versions of the statistics the key's eval outputs were normalized with. */
    public Set<Long> evalVersions() {
        return Set.copyOf(evalVersions);
    }

    /** The last snapshot published for the key, or {@code null}. */
    public StatsSnapshot lastSnapshot() {
        return last;
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    public List<StatsPoint> statsPoints() {
        return List.copyOf(statsPoints);
    }
}
