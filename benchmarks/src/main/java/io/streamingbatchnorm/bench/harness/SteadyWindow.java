package io.streamingbatchnorm.bench.harness;

/**
 * What one run did over its measured window, after start-up and warm-up: records that reached the output, wall
 * time and CPU time of this process.
 *
 * @param startupSeconds from the start of the run (job submission, application start) to its first output
 */
public record SteadyWindow(long records, long nanos, long cpuNanos, double startupSeconds) {

    /** Records per second over the window. */
    public double rate() {
        return records * 1e9 / nanos;
    }

    /** Records per CPU-second of this process over the window. */
    public double cpuRate() {
        return records * 1e9 / cpuNanos;
    }

    /** CPU cores this process used over the window. */
    public double cores() {
        return (double) cpuNanos / nanos;
    }
}
