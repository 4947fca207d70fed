package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.DriftReport;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The four outputs of the normalization dataflow, for the caller to connect to sinks. */
public record JobStreams(
        DataStream<NormalizedEvent> normalized,
        DataStream<StatsEvent> stats,
        DataStream<DeadLetterEvent> deadLetters,
        DataStream<DriftReport> drift) {}
