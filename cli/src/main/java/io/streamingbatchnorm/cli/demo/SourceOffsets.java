package io.streamingbatchnorm.cli.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The offsets up to which the demo job's Kafka source has emitted records, read from the source's
 * {@code currentOffset} gauges as a metric reporter in the same process sees them. They move with every record,
 * whereas the offsets the source commits to Kafka wait for a checkpoint and then for the source's fetcher, which
 * sits in a poll of up to 10 s once the topic has no new records: the demo's last seconds would be idle.
 */
public final class SourceOffsets implements MetricReporter {
    private static final String NAME = "demo-source-offsets";
    private static final Pattern OFFSET =
            Pattern.compile("KafkaSourceReader\\.topic\\.(.+)\\.partition\\.(\\d+)\\.currentOffset$");
    /** Gauges by job, then topic and partition; one demo job per run, but tests may run several in one JVM. */
    private static final Map<String, Map<String, Gauge<?>>> GAUGES = new ConcurrentHashMap<>();

    /** Adds the reporter to the configuration of the demo's MiniCluster. */
    static void configure(Configuration flink) {
        flink.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    }

    /** Partition to the offset after the last record the source emitted from {@code topic}; empty until known. */
    static Map<Integer, Long> emitted(JobID job, String topic) {
        Map<Integer, Long> out = new java.util.HashMap<>();
        GAUGES.getOrDefault(job.toHexString(), Map.of()).forEach((topicPartition, gauge) -> {
            int at = topicPartition.lastIndexOf('/');
            if (topicPartition.substring(0, at).equals(topic) && gauge.getValue() instanceof Number offset) {
                out.put(Integer.parseInt(topicPartition.substring(at + 1)), offset.longValue() + 1);
            }
        });
        return out;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        Matcher m = OFFSET.matcher(group.getMetricIdentifier(name));
        String job = group.getAllVariables().get("<job_id>");
        if (metric instanceof Gauge<?> gauge && m.find() && job != null) {
            GAUGES.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(m.group(1) + "/" + m.group(2), gauge);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String job = group.getAllVariables().get("<job_id>");
        if (job != null) {
            GAUGES.computeIfPresent(job, (j, gauges) -> {
                gauges.values().remove(metric);
                return gauges.isEmpty() ? null : gauges;
            });
        }
    }

    /** Creates the reporter; Flink instantiates it by name from the configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(java.util.Properties properties) {
            return new SourceOffsets();
        }
    }
}
