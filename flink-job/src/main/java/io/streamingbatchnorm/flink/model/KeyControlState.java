package io.streamingbatchnorm.flink.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What the control stage keeps per key: its dimension, the last control state stamped, commands already
 * reported as not applicable, and (event-time windowing) the tumbling windows it has sent train records
 * to that the watermark has not closed yet, which a control change must close first.
 */
public class KeyControlState {
    public int dimension;
    public ControlFields lastStamp;
    public List<String> reportedCommandIds = new ArrayList<>();
    /** Starts of the open tumbling windows, ascending. */
    public List<Long> openWindows = new ArrayList<>();
    /** {@code --key-ttl}: the latest event time of the key's records, and when its expiry timer fires (null: none). */
    public long lastSeen = Long.MIN_VALUE;

    public Long expiryTimer;

    public KeyControlState() {}
}
