package io.streamingbatchnorm.bench.harness;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Creates the {@link JobCounters} reporter; Flink finds it through {@code META-INF/services}. */
public final class JobCountersFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new JobCounters();
    }
}
