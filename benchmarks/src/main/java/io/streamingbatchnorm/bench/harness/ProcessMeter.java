package io.streamingbatchnorm.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, heap and resident memory of this process. The Kafka broker, the Flink MiniCluster and the
 * load generators share it, so every figure covers all of them; compare runs, not absolutes.
 */
public final class ProcessMeter {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private ProcessMeter() {}

    /** CPU time used by every thread of the process so far, in nanoseconds. */
    public static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** Heap in use after a full collection, in bytes. */
    public static long heapUsedAfterGc() {
        // Two rounds: the first may only queue finalizable and weakly reachable objects.
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Resident set size of the process (heap, RocksDB's native memory, code...), in bytes; -1 if unknown. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The machine's 1, 5 and 15 minute load averages and its processor count, printed with every result:
     * on a shared machine, a load above the core count means the figures were taken in contention.
     */
    public static String machineLoad() {
        String load;
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            load = parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            load = "unknown";
        }
        return "load average " + load + " on " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    public static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
