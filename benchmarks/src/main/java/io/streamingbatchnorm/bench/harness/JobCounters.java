package io.streamingbatchnorm.bench.harness;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink metric reporter that keeps the counters of the MiniCluster's jobs, in this JVM, so that a benchmark can
 * wait for what a job has counted (keys expired, for one) without a metrics backend or the REST API's fetch delay.
 * A cluster reports to it once started with the settings of {@link #enable}.
 */
public final class JobCounters implements MetricReporter {
    private static final String JOB_ID = "<job_id>";
    private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();

    /** {@code settings} plus this reporter, for {@link FlinkCluster#start}. */
    public static Configuration enable(Configuration settings) {
        Configuration conf = new Configuration(settings);
        conf.setString("metrics.reporter.bench-counters.factory.class", JobCountersFactory.class.getName());
        return conf;
    }

    /** The sum of the counters named {@code name} over every operator and subtask of {@code job}. */
    public static long sum(JobID job, String name) {
        long sum = 0;
        for (Counter c : COUNTERS.getOrDefault(job + "/" + name, List.of())) {
            sum += c.getCount();
        }
        return sum;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String job = group.getAllVariables().get(JOB_ID);
        if (metric instanceof Counter c && job != null) {
            COUNTERS.computeIfAbsent(job + "/" + name, k -> new CopyOnWriteArrayList<>())
                    .add(c);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String job = group.getAllVariables().get(JOB_ID);
        if (job != null) {
            List<Counter> counters = COUNTERS.get(job + "/" + name);
            if (counters != null) {
                counters.remove(metric);
            }
        }
    }
}
