package io.streamingbatchnorm.flink.model;

/**
 * A record on its way to the micro-batch windows, stamped with the control state that applies to its
 * event time; or, when {@code feature} is null, a marker that closes the key's open batch because the
 * control state changes from here on.
 */
public class StampedEvent {
    public String key;
    public FeatureEvent feature;
    public ControlFields control;
    /** For a marker: the event time of the record that follows it. */
    public long markerTime;
    /** Event-time windows only: the record's window had already closed when it arrived. */
    public boolean late;
    /** Event-time windows only, for a marker: starts of the key's open windows it closes, ascending. */
    public long[] closeWindows;
    /** For a marker: the key expired ({@code --key-ttl}); its window state is cleared. */
    public boolean expire;

    public StampedEvent() {}

    public static StampedEvent record(FeatureEvent feature, ControlFields control, boolean late) {
        StampedEvent e = new StampedEvent();
        e.key = feature.key;
        e.feature = feature;
        e.control = control;
        e.late = late;
        return e;
    }

    public static StampedEvent marker(String key, long time, ControlFields control) {
        StampedEvent e = new StampedEvent();
        e.key = key;
        e.control = control;
        e.markerTime = time;
        return e;
    }

    /** A marker saying the key expired: its statistics are forgotten. */
    public static StampedEvent expiry(String key, long time, ControlFields control) {
        StampedEvent e = marker(key, time, control);
        e.expire = true;
        return e;
    }

    public boolean isMarker() {
        return feature == null;
    }

    /** A record normalized at once with the running statistics: in eval mode, or late. */
    public boolean isImmediate() {
        return feature != null && (late || control.mode == io.streamingbatchnorm.core.Mode.EVAL);
    }

    public boolean isEval() {
        return feature != null && control.mode == io.streamingbatchnorm.core.Mode.EVAL;
    }

    public long time() {
        return feature == null ? markerTime : feature.eventTime;
    }
}
