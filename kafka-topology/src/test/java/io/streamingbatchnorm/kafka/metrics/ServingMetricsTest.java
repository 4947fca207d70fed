package io.streamingbatchnorm.kafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.ReasonCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class ServingMetricsTest {

    @Test
    void writesThePrometheusTextFormat() {
        ServingMetrics m = new ServingMetrics();
        m.normalized(3);
        m.normalized(40);
        m.normalized(20_000);
        m.deadLetter("NO_STATISTICS");
        m.deadLetter("NOT_A_REASON");
        m.consumerLag(() -> 17.0);

        List<String> lines = m.prometheusText().lines().toList();

        assertThat(lines)
                .contains(
                        "# TYPE sbn_serving_records_normalized_total counter",
                        "sbn_serving_records_normalized_total 3",
                        "sbn_serving_dead_letters_total{reason=\"NO_STATISTICS\"} 1",
                        "sbn_serving_dead_letters_total{reason=\"BAD_HEADER\"} 0",
                        "# TYPE sbn_serving_latency_seconds histogram",
                        "sbn_serving_latency_seconds_bucket{le=\"0.001\"} 0",
                        "sbn_serving_latency_seconds_bucket{le=\"0.005\"} 1",
                        "sbn_serving_latency_seconds_bucket{le=\"0.05\"} 2",
                        "sbn_serving_latency_seconds_bucket{le=\"10\"} 2",
                        "sbn_serving_latency_seconds_bucket{le=\"+Inf\"} 3",
                        "sbn_serving_latency_seconds_sum 20.043",
                        "sbn_serving_latency_seconds_count 3",
                        "sbn_serving_consumer_lag_records 17");
        assertThat(lines.stream().filter(l -> l.startsWith("sbn_serving_dead_letters_total")))
                .hasSize(ReasonCode.values().length);
        for (String family : ServingMetrics.FAMILIES) {
            assertThat(lines)
                    .contains("# TYPE " + family + " "
                            + (family.endsWith("_total")
                                    ? "counter"
                                    : family.endsWith("_seconds") ? "histogram" : "gauge"));
        }
    }

    @Test
    void theLagIsTheLargestOfTheStreamThreadsConsumersNotTheGlobalOne() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        put(metrics, "records-lag-max", "app-StreamThread-1-consumer", null, 12.0);
        put(metrics, "records-lag-max", "app-StreamThread-2-consumer", null, 30.0);
        put(metrics, "records-lag-max", "app-StreamThread-2-consumer", "features-serving", 99.0);
        put(metrics, "records-lag-max", "app-global-consumer", null, 500.0);
        put(metrics, "records-lag-max", "app-StreamThread-3-consumer", null, Double.NaN);

        assertThat(ConsumerLag.of(metrics)).isEqualTo(30.0);
        assertThat(ConsumerLag.of(Map.of())).isNaN();
    }

    private static void put(Map<MetricName, Metric> metrics, String name, String client, String topic, double value) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("client-id", client);
        if (topic != null) {
            tags.put("topic", topic);
        }
        MetricName metricName = new MetricName(name, "consumer-fetch-manager-metrics", "", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }
}
