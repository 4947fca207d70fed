package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.DriftEvent;
import io.streamingbatchnorm.core.Mode;

/**
 * A drift event on its way from the micro-batch stage to the drift sink: the core's {@link DriftEvent} as a class
 * Flink's POJO serializer handles, NaN for a feature that was not measured.
 */
public class DriftReport {
    public String key;
    public Mode mode;
    /** The version of the statistics the batch or eval window was compared with. */
    public long statsVersion;

    public int windowSize;
    public long firstEventTime;
    public long lastEventTime;
    public double[] shift;
    public double[] ratio;
    public int[] crossed;

    public DriftReport() {}

    public static DriftReport of(DriftEvent e) {
        DriftReport r = new DriftReport();
        r.key = e.key();
        r.mode = e.mode();
        r.statsVersion = e.statsVersion();
        r.windowSize = e.windowSize();
        r.firstEventTime = e.firstEventTime();
        r.lastEventTime = e.lastEventTime();
        r.shift = e.shift();
        r.ratio = e.ratio();
        r.crossed = e.crossed();
        return r;
    }

    public DriftEvent toCore() {
        return new DriftEvent(
                key, mode, statsVersion, windowSize, firstEventTime, lastEventTime, shift, ratio, crossed);
    }
}
