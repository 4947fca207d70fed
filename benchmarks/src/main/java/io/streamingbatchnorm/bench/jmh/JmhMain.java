package io.streamingbatchnorm.bench.jmh;

import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this package with settings fit for a shared 2-core machine (one fork, 3 x 1 s
 * warm-up, 5 x 1 s measurement; any JMH flag given overrides them), then prints each kernel's time as a
 * ratio to its baseline measured in the same run.
 */
public final class JmhMain {
    /** Kernel benchmark method and the baseline it is divided by. */
    private static final Map<String, String> BASELINES = new LinkedHashMap<>();

    static {
        BASELINES.put("NormalizationBenchmark.trainBatch", "NormalizationBenchmark.copyBatch");
        BASELINES.put("NormalizationBenchmark.batchMoments", "NormalizationBenchmark.copyBatch");
        BASELINES.put("NormalizationBenchmark.evalBatch", "NormalizationBenchmark.copyBatch");
        BASELINES.put("NormalizationBenchmark.evalRecordByRecord", "NormalizationBenchmark.copyBatch");
        BASELINES.put("ControlTimelineBenchmark.indexedByKey", "ControlTimelineBenchmark.scanEveryCommand");
        BASELINES.put("WireCodecBenchmark.decode", "WireCodecBenchmark.copyBytes");
        BASELINES.put("WireCodecBenchmark.encode", "WireCodecBenchmark.copyBytes");
        BASELINES.put("WireCodecBenchmark.encodeWithAvroMessageEncoder", "WireCodecBenchmark.copyBytes");
    }

    private JmhMain() {}

    public static Collection<RunResult> run(String... args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp() || cli.shouldList()) {
            cli.showHelp();
            return java.util.List.of();
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(JmhMain.class.getPackageName() + ".*Benchmark");
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println("finished with " + ProcessMeter.machineLoad());
        System.out.println(ratios(results));
        return results;
    }

    /** Each kernel's score divided by its baseline's score with the same parameters. */
    static Table ratios(Collection<RunResult> results) {
        Map<String, Result<?>> byName = new TreeMap<>();
        for (RunResult r : results) {
            byName.put(name(r), r.getPrimaryResult());
        }
        Table table = new Table("kernel", "params", "kernel ns/op", "baseline", "baseline ns/op", "ratio");
        for (RunResult r : results) {
            String method = shortName(r.getParams().getBenchmark());
            String baseline = BASELINES.get(method);
            if (baseline == null) {
                continue;
            }
            String params = params(r);
            Result<?> base = byName.get(baseline + params);
            if (base == null) {
                continue;
            }
            Result<?> kernel = r.getPrimaryResult();
            table.row(
                    method,
                    params.isEmpty() ? "-" : params.substring(1),
                    score(kernel),
                    shortName(baseline),
                    score(base),
                    Table.num(kernel.getScore() / base.getScore(), 2) + "x");
        }
        return table;
    }

    private static String name(RunResult r) {
        return shortName(r.getParams().getBenchmark()) + params(r);
    }

    private static String params(RunResult r) {
        StringBuilder b = new StringBuilder();
        for (String key : r.getParams().getParamsKeys()) {
            b.append(' ').append(key).append('=').append(r.getParams().getParam(key));
        }
        return b.toString();
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String score(Result<?> r) {
        return Table.num(r.getScore(), 1) + " ± " + Table.num(r.getScoreError(), 1);
    }
}
