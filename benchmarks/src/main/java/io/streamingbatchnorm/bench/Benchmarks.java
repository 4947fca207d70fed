package io.streamingbatchnorm.bench;

import io.streamingbatchnorm.bench.e2e.ThroughputBenchmark;
import io.streamingbatchnorm.bench.jmh.JmhMain;
import io.streamingbatchnorm.bench.latency.LatencyBenchmark;
import io.streamingbatchnorm.bench.replay.ReplayBenchmark;
import io.streamingbatchnorm.bench.replay.TestkitBenchmark;
import io.streamingbatchnorm.bench.serving.ServingBenchmark;
import io.streamingbatchnorm.bench.state.StateBenchmark;
import java.util.Arrays;

/**
 * The entry point of {@code benchmarks.jar}: {@code jmh}, {@code e2e}, {@code serving}, {@code latency} or {@code state},
 * followed by that benchmark's flags. Each prints its results as Markdown tables on standard output.
 */
public final class Benchmarks {
    private Benchmarks() {}

    static final String USAGE = String.join(
            "\n",
            "usage: java -jar benchmarks/target/benchmarks.jar <benchmark> [flags]",
            "",
            "  jmh      [JMH flags]  normalization kernels and the Avro codec against array copies",
            "  e2e      " + ThroughputBenchmark.FLAGS,
            "           steady-state throughput: Kafka loop, passthrough job, full job in train and eval mode",
            "  serving  " + ServingBenchmark.FLAGS,
            "           the Kafka Streams serving application against a Kafka Streams passthrough: throughput",
            "           at steady state, and latency at a fixed offered load",
            "  latency  " + LatencyBenchmark.FLAGS,
            "           eval-mode end-to-end latency of the job at a fixed offered load; --broker process runs",
            "           the Kafka broker in a JVM of its own",
            "  state    " + StateBenchmark.FLAGS,
            "           state size, checkpoint and restore time, heap, per state backend; with --key-ttl,",
            "           the checkpoint before and after every key but one expires",
            "  replay   " + ReplayBenchmark.FLAGS,
            "           normalize replay against a single-threaded Jackson parse and write of the same file",
            "  testkit  " + TestkitBenchmark.FLAGS,
            "           a testkit replay: the first in a JVM against normalize replay, then with the cluster warm");

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "jmh" -> JmhMain.run(rest);
            case "e2e" -> ThroughputBenchmark.run(Args.parse(rest));
            case "serving" -> ServingBenchmark.run(Args.parse(rest));
            case "latency" -> LatencyBenchmark.run(Args.parse(rest));
            case "state" -> StateBenchmark.run(Args.parse(rest));
            case "replay" -> ReplayBenchmark.run(Args.parse(rest));
            case "testkit" -> TestkitBenchmark.run(Args.parse(rest));
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "'\n\n" + USAGE);
                System.exit(2);
            }
        }
        // The Kafka clients and Flink leave non-daemon threads behind after close; the results are printed.
        System.exit(0);
    }
}
