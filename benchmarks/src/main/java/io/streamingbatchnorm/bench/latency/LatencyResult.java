package io.streamingbatchnorm.bench.latency;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one paced run measured; latencies in nanoseconds.
 *
 * @param maxBehindNanos how far behind its schedule the producer ever was
 * @param cores CPU cores each process used over the run, by what runs in it
 */
public record LatencyResult(
        int rate, long sent, long received, Histogram histogram, long maxBehindNanos, Map<String, Double> cores) {}
