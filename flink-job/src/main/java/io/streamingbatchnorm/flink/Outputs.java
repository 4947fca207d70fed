package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.DriftReport;
import io.streamingbatchnorm.flink.model.StatsEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side outputs of the job besides the normalized records. */
public final class Outputs {
    public static final OutputTag<DeadLetterEvent> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetterEvent.class));
    public static final OutputTag<StatsEvent> STATS = new OutputTag<>("stats", TypeInformation.of(StatsEvent.class));
    public static final OutputTag<DriftReport> DRIFT = new OutputTag<>("drift", TypeInformation.of(DriftReport.class));

    private Outputs() {}
}
