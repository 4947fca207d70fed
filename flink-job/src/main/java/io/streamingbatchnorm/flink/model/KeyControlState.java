package io.streamingbatchnorm.flink.model;

import java.util.ArrayList;
import java.util.List;

/** What the control stage keeps per key: its dimension, the last control state stamped, and commands already reported as not applicable. */
public class KeyControlState {
    public int dimension;
    public ControlFields lastStamp;
    public List<String> reportedCommandIds = new ArrayList<>();

    public KeyControlState() {}
}
