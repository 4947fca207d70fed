package io.streamingbatchnorm.cli;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the name of every metric registered in the process, as Flink's Prometheus
 * reporter names it: {@code flink_}, the logical scope and the metric name joined with {@code _}, characters outside
 * {@code [a-zA-Z0-9:_]} replaced by {@code _}. Flink creates it by its factory's class name, so the names are kept
 * in a static set that a test reads after the job ran.
 */
public final class CollectingReporter implements MetricReporter {
    static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String scope = LogicalScopeProvider.castFrom(group).getLogicalScope(CollectingReporter::filter, '_');
        NAMES.add("flink_" + scope + "_" + filter(metricName));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Kept: the test asks which names were ever registered.
    }

    private static String filter(String text) {
        return text.replaceAll("[^a-zA-Z0-9:_]", "_");
    }

    /** What {@code metrics.reporter.<name>.factory.class} names. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CollectingReporter();
        }
    }
}
