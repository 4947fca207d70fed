package io.streamingbatchnorm.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A batch (train mode) or a window of eval records (eval mode) of a key whose features moved away from the running
 * statistics by more than the thresholds: what the job publishes to the drift topic. See {@link DriftMeasures} for
 * the measures.
 *
 * @param statsVersion the version of the statistics compared against (before the batch was folded)
 * @param windowSize records in the batch or eval window
 * @param firstEventTime the earliest event time of those records
 * @param lastEventTime the latest event time of those records
 * @param shift per feature, NaN where not measured
 * @param ratio per feature, NaN where not measured
 * @param crossed the indexes of the features that crossed a threshold, increasing, never empty
 */
public record DriftEvent(
        String key,
        Mode mode,
        long statsVersion,
        int windowSize,
        long firstEventTime,
        long lastEventTime,
        double[] shift,
        double[] ratio,
        int[] crossed) {

    public DriftEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mode, "mode");
        if (shift.length != ratio.length) {
            throw new IllegalArgumentException(
                    "shift and ratio differ in length: " + shift.length + " and " + ratio.length);
        }
        shift = shift.clone();
        ratio = ratio.clone();
        crossed = crossed.clone();
    }

    /** Copies, so that the event stays as it was. */
    @Override
    public double[] shift() {
        return shift.clone();
    }

    @Override
    public double[] ratio() {
        return ratio.clone();
    }

    @Override
    public int[] crossed() {
        return crossed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftEvent e
                && key.equals(e.key)
                && mode == e.mode
                && statsVersion == e.statsVersion
                && windowSize == e.windowSize
                && firstEventTime == e.firstEventTime
                && lastEventTime == e.lastEventTime
                && Arrays.equals(shift, e.shift)
                && Arrays.equals(ratio, e.ratio)
                && Arrays.equals(crossed, e.crossed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, mode, statsVersion, windowSize, firstEventTime, Arrays.hashCode(crossed));
    }

    @Override
    public String toString() {
        return "DriftEvent{key=" + key + ", mode=" + mode + ", statsVersion=" + statsVersion + ", windowSize="
                + windowSize + ", events=[" + firstEventTime + ", " + lastEventTime + "], shift="
                + Arrays.toString(shift) + ", ratio=" + Arrays.toString(ratio) + ", crossed="
                + Arrays.toString(crossed) + "}";
    }
}
