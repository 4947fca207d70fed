package io.streamingbatchnorm.kafka.metrics;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The lag of the serving input's consumers, from Kafka Streams' own client metrics: the largest {@code
 * records-lag-max} of the stream threads' consumers (not the global consumer, which reads the statistics).
 */
public final class ConsumerLag {
    private ConsumerLag() {}

    /** Records behind the end on the worst partition, or NaN before a consumer has fetched. */
    public static double of(KafkaStreams streams) {
        return of(streams.metrics());
    }

    static double of(Map<MetricName, ? extends Metric> metrics) {
        double lag = Double.NaN;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            String client = name.tags().getOrDefault("client-id", "");
            if (name.name().equals("records-lag-max")
                    && name.group().equals("consumer-fetch-manager-metrics")
                    && !name.tags().containsKey("topic")
                    && !client.contains("global")
                    && e.getValue().metricValue() instanceof Double v
                    && Double.isFinite(v)) {
                lag = Double.isNaN(lag) ? v : Math.max(lag, v);
            }
        }
        return lag;
    }
}
