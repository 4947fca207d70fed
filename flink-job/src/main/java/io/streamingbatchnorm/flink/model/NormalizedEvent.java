package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.Mode;
import java.util.Map;

/** One normalized record as the job emits it; sinks turn it into Avro or a JSON line. */
public class NormalizedEvent {
    public String key;
    public long eventTime;
    public String id;
    public Map<String, String> attributes;
    public double[] values;
    public Mode mode;
    public long statsVersion;
    public int batchSize;
    public boolean late;

    public NormalizedEvent() {}

    public NormalizedEvent(
            FeatureEvent in, double[] values, Mode mode, long statsVersion, int batchSize, boolean late) {
        this.key = in.key;
        this.eventTime = in.eventTime;
        this.id = in.id;
        this.attributes = in.attributes;
        this.values = values;
        this.mode = mode;
        this.statsVersion = statsVersion;
        this.batchSize = batchSize;
        this.late = late;
    }
}
