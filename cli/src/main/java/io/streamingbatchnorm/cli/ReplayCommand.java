package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.flink.replay.CsvColumns;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayCluster;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.flink.replay.ReplayOptions;
import io.streamingbatchnorm.flink.replay.ReplaySummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code normalize replay}: the normalization job over files, on a local Flink MiniCluster (DESIGN 5). */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header = "Normalize a file of feature records with the streaming job's own dataflow.",
        customSynopsis = {
            "normalize replay --input IN.jsonl --output OUT.jsonl [--control CTRL.jsonl]",
            "                 [--stats-output S.jsonl] [--dlq-output D.jsonl] [--drift-output DR.jsonl]",
            "                 [--parallelism N]",
            "                 [NORMALIZATION FLAGS...]"
        },
        description = {
            "Runs the same Flink job graph as 'normalize run' on bounded files, on a local Flink MiniCluster, so "
                    + "offline (training data) and online normalization give the same numbers, to the bit.",
            "",
            "Input, one JSON object per line:",
            "  {\"key\":\"k1\",\"event_time\":1700000000000,\"values\":[0.5,null,2.0],\"id\":\"r1\"}",
            "Control file (optional), one command per line, applied by effective event time:",
            "  {\"id\":\"c1\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":1700000005000}",
            "  {\"id\":\"c2\",\"key\":\"k1\",\"command\":\"SET_AFFINE\",\"gamma\":[2,2,2],\"beta\":[0,0,1]}",
            "Output: one line per accepted input line with key, event_time, id, values, mode, stats_version, "
                    + "batch_size and late. A refused line (not JSON, an infinite value, a wrong dimension) goes to "
                    + "the dead-letter file with its line number and reason code: output lines plus dead-letter "
                    + "lines equal input lines. The stats file holds each key's final statistics, the drift file one "
                    + "line per drift event (a train batch or eval window that moved away from the statistics).",
            "A summary line goes to stderr at the end.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # Train-mode normalization in micro-batches of 64 records per key:",
            "  normalize replay --input train.jsonl --output train.norm.jsonl \\",
            "      --batch-size 64 --stats-output stats.jsonl",
            "",
            "  # Event-time windows of 10 s; eval mode from when the control file says:",
            "  normalize replay --input day.jsonl --output day.norm.jsonl --window 10s \\",
            "      --control control.jsonl --dlq-output rejected.jsonl --parallelism 2",
            "",
            "  # A gzip-compressed CSV with a header (as the weather data comes), output compressed too:",
            "  normalize replay --input weather.csv.gz --output weather.norm.jsonl.gz \\",
            "      --input-format csv --key-column location --time-column date \\",
            "      --feature-columns precipitation..wind --window 7d",
            "",
            "  # As PyTorch does (its momentum 0.1 is 0.9 here; unbiased running variance):",
            "  normalize replay --input x.jsonl --output y.jsonl --momentum 0.9 \\",
            "      --running-variance unbiased"
        })
final class ReplayCommand implements Callable<Integer> {
    final OptionFlags normalization = OptionFlags.normalization();
    final OptionFlags replay = new OptionFlags("%nReplay files:%n", ReplayOptions.ALL);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "IN.jsonl",
            description = "Feature records, one JSON object per line (or CSV, see --input-format); .gz files are"
                    + " read compressed.")
    Path input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "OUT.jsonl",
            description = "Normalized records, one line per accepted input line (overwritten); written compressed"
                    + " if the name ends with .gz.")
    Path output;

    @Option(
            names = "--control",
            paramLabel = "CTRL.jsonl",
            description = "Control commands, one JSON object per line (TRAIN, EVAL, RESET, SET_AFFINE, SET_PARAMS).")
    Path control;

    @Option(
            names = "--stats-output",
            paramLabel = "S.jsonl",
            description = "Where the final statistics snapshot of each key goes. Default: not written.")
    Path statsOutput;

    @Option(
            names = "--dlq-output",
            paramLabel = "D.jsonl",
            description = "Refused input and control lines with line number and reason. Default: OUT.dlq.jsonl.")
    Path dlqOutput;

    @Option(
            names = "--drift-output",
            paramLabel = "DR.jsonl",
            description = "Drift events, one JSON line each (see --drift-shift, --drift-ratio, --drift-window)."
                    + " Default: not written.")
    Path driftOutput;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Parallelism of the job; the outputs are identical at any parallelism. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    /** The CSV columns, checked against the input's header; null for JSON lines. */
    private CsvColumns csvColumns(OptionValues options, int maxLineBytes) throws java.io.IOException {
        List<ConfigOption<String>> columnFlags = List.of(
                ReplayOptions.KEY_COLUMN,
                ReplayOptions.TIME_COLUMN,
                ReplayOptions.FEATURE_COLUMNS,
                ReplayOptions.ID_COLUMN);
        if (options.get(ReplayOptions.INPUT_FORMAT) != ReplayOptions.InputFormat.CSV) {
            for (ConfigOption<String> flag : columnFlags) {
                if (options.get(flag) != null) {
                    throw CliException.usage(flag.flag() + ": only with --input-format csv");
                }
            }
            return null;
        }
        try {
            return CsvColumns.of(
                    input,
                    maxLineBytes,
                    options.get(ReplayOptions.KEY_COLUMN),
                    options.get(ReplayOptions.TIME_COLUMN),
                    options.get(ReplayOptions.FEATURE_COLUMNS),
                    options.get(ReplayOptions.ID_COLUMN));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        NormalizerConfig config = NormalizerOptions.from(normalization.values());
        if (parallelism < 1) {
            throw CliException.usage("--parallelism: must be at least 1, got " + parallelism);
        }
        OptionValues fileOptions = replay.values();
        int maxLineBytes = fileOptions.get(ReplayOptions.MAX_LINE_BYTES);
        ReplayPaths.check(new ReplayFiles(input, output, control, statsOutput, dlqOutput, maxLineBytes)
                .withDriftOutput(driftOutput));
        ReplayFiles files = new ReplayFiles(
                        input,
                        output,
                        control,
                        statsOutput,
                        dlqOutput,
                        maxLineBytes,
                        csvColumns(fileOptions, maxLineBytes))
                .withDriftOutput(driftOutput);
        // The cluster starts while the control file is read and the job graph is built.
        CompletableFuture<ReplayCluster> cluster = ReplayCluster.startInBackground(parallelism, new Configuration());
        ReplaySummary summary;
        try {
            summary = Replay.run(files, config, parallelism, new Configuration(), cluster);
        } finally {
            Replay.closeWhenStarted(cluster);
        }
        spec.commandLine().getErr().println(ReplayPaths.summaryLine(summary, files, System.nanoTime() - started));
        spec.commandLine().getErr().flush();
        return 0;
    }
}
