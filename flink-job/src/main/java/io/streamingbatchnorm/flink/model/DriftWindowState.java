package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.DriftWindow;

/**
 * The micro-batch stage's per-key state of the eval-mode drift window: the flat, serializable form of a core
 * {@link DriftWindow}, present only while a key gathers eval records. Flink's POJO serializer keeps it restorable
 * when fields are added.
 */
public class DriftWindowState {
    public long statsVersion;
    public int resetGeneration;
    public int records;
    public long firstEventTime;
    public long lastEventTime;
    /** Per feature: present values, their mean and centered sum of squares. */
    public long[] counts;

    public double[] mean;
    public double[] m2;

    public DriftWindowState() {}

    public static DriftWindowState of(DriftWindow w) {
        DriftWindowState s = new DriftWindowState();
        s.statsVersion = w.statsVersion();
        s.resetGeneration = w.resetGeneration();
        s.records = w.records();
        s.firstEventTime = w.firstEventTime();
        s.lastEventTime = w.lastEventTime();
        s.counts = w.countVector();
        s.mean = w.meanVector();
        s.m2 = w.m2Vector();
        return s;
    }

    public DriftWindow toWindow() {
        return DriftWindow.restore(
                statsVersion, resetGeneration, records, firstEventTime, lastEventTime, counts, mean, m2);
    }
}
