package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.cli.demo.DemoRun;
import io.streamingbatchnorm.cli.demo.DemoStream;
import io.streamingbatchnorm.cli.demo.SyntheticStream;
import io.streamingbatchnorm.cli.demo.WeatherStream;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.flink.JobOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code normalize demo}: the whole system on one machine, with nothing to install or start first. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header = "Run the streaming job on a drifting stream in-process, then summarize and chart what it did.",
        customSynopsis = {
            "normalize demo [--dataset synthetic|weather] [--records N] [--seed S]",
            "               [--rate R] [--chart FILE.png] [--summary-json FILE]",
            "               [--output-dir DIR]",
            "               [--delivery exactly-once|at-least-once] [NORMALIZATION FLAGS...]"
        },
        description = {
            "Starts a Kafka broker (KRaft) inside this process, creates the job's topics, sends EVAL commands to the "
                    + "control topic for some keys from the middle of the stream on, starts the normalization job on a local "
                    + "Flink MiniCluster and produces the stream at a steady rate; once the job has read everything, it is "
                    + "stopped with a drain, which closes the last micro-batches. While it runs, a line per second on stderr "
                    + "shows the messages sent and the records written, the batches, each key's mode and version, and the dead letters. "
                    + "At the end: a table of raw versus normalized mean and std per key, feature and mode with the final "
                    + "running statistics (stdout), and a chart (PNG) of the raw and normalized means and the running "
                    + "statistics over event time, with the switch to eval mode marked.",
            "",
            "synthetic (default): 4 keys, 3 features whose means drift and oscillate and whose spread grows, 1%% missing "
                    + "values, and a few bad messages (an infinite value, a wrong dimension, bytes that are not Avro, a "
                    + "truncated record) that go to the dead-letter topic; sensor-c and sensor-d switch to eval mode halfway. "
                    + "The same --records and --seed give the same stream and the same numbers.",
            "weather: daily weather of Seattle and New York 2012-2015 (NOAA), one key per city, weekly event-time "
                    + "micro-batches (--window 7d unless a windowing flag is given), eval mode from 2015 on.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize demo",
            "  normalize demo --records 5000 --seed 7 --chart /tmp/demo.png",
            "  normalize demo --dataset weather --output-dir /tmp/weather-demo",
            "",
            "  # Replay the demo's good records offline: the same numbers as the streaming job",
            "  normalize demo --output-dir /tmp/d && normalize replay --input /tmp/d/input.jsonl \\",
            "      --control /tmp/d/control.jsonl --output /tmp/d/replayed.jsonl"
        })
final class DemoCommand implements Callable<Integer> {
    /** The streams the demo can run on. */
    enum Dataset {
        SYNTHETIC,
        WEATHER
    }

    static final int DEFAULT_RECORDS = 20_000;
    static final int MAX_RECORDS = 2_000_000;
    static final int STREAM_SECONDS = 15;
    static final int MIN_RATE = 100;

    final OptionFlags normalization = OptionFlags.normalization();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "synthetic",
            description = "synthetic or weather. Default: ${DEFAULT-VALUE}.")
    Dataset dataset;

    @Option(
            names = "--records",
            paramLabel = "N",
            description = "Messages to produce (synthetic, default " + DEFAULT_RECORDS
                    + "), or the first N records of the " + "weather data (default: all 2,922).")
    Integer records;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the synthetic stream. Default: 42.")
    Long seed;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Messages sent per second while the job runs; 0 sends them as fast as possible. Default: "
                    + "the stream takes about " + STREAM_SECONDS + " s (at least " + MIN_RATE + " per second).")
    Double rate;

    @Option(
            names = "--chart",
            paramLabel = "FILE.png",
            description = "Where the chart goes. Default: normalize-demo-DATASET.png in the temporary directory.")
    Path chart;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary, exact, as JSON.")
    Path summaryJson;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description =
                    "Also write the input (input.jsonl, control.jsonl, in the replay format) and everything the job "
                            + "wrote (normalized.jsonl, stats.jsonl, dead-letters.jsonl) as JSON lines.")
    Path outputDir;

    @Option(
            names = "--delivery",
            paramLabel = "MODE",
            defaultValue = "exactly-once",
            description = "exactly-once (outputs visible at each checkpoint, every second) or at-least-once. "
                    + "Default: ${DEFAULT-VALUE}.")
    String delivery;

    @Override
    public Integer call() throws Exception {
        // Before anything touches AWT: the chart is drawn without a display.
        System.setProperty("java.awt.headless", "true");
        // Every flag is checked before the stream is generated or anything starts.
        NormalizerConfig config = NormalizerOptions.parse(normalizationFlags());
        Delivery guarantee = JobOptions.DELIVERY.parse(delivery);
        if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
            throw CliException.usage(
                    "--rate: must be 0 (as fast as possible) or a positive number of messages per second, got " + rate);
        }
        if (records != null && (records < 1 || records > MAX_RECORDS)) {
            throw CliException.usage("--records: must be between 1 and " + MAX_RECORDS + ", got " + records);
        }
        if (dataset == Dataset.WEATHER && seed != null) {
            throw CliException.usage("--seed: only the synthetic data set is random; the weather data is what it is");
        }
        Path chartFile = chart != null
                ? chart
                : Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "normalize-demo-" + dataset.name().toLowerCase(java.util.Locale.ROOT) + ".png");
        DemoStream stream = dataset == Dataset.WEATHER
                ? WeatherStream.load(records == null ? 0 : records)
                : SyntheticStream.generate(records == null ? DEFAULT_RECORDS : records, seed == null ? 42 : seed);
        double perSecond =
                rate != null ? rate : Math.max(MIN_RATE, stream.payloads().size() / (double) STREAM_SECONDS);
        DemoRun.Outcome outcome = new DemoRun(
                        new DemoRun.Settings(stream, config, guarantee, perSecond, chartFile, summaryJson, outputDir),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr())
                .run();
        if (!outcome.complete()) {
            throw CliException.failure("the job's outputs do not account for every record sent (" + outcome.expected()
                    + " sent, " + (outcome.normalized() + outcome.deadLetters()) + " normalized or dead letters)");
        }
        return 0;
    }

    /** The weather's natural batch is a week, unless the user chose a windowing. */
    private Map<String, String> normalizationFlags() {
        Map<String, String> flags = new java.util.LinkedHashMap<>(normalization.text());
        if (dataset == Dataset.WEATHER && !flags.containsKey("window") && !flags.containsKey("batch-size")) {
            flags.put("window", "7d");
        }
        return flags;
    }
}
