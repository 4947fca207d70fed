package io.streamingbatchnorm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code normalize} command: online Batch Normalization of feature vectors on Flink and Kafka, and the
 * tools around it. {@link #main} is the entry point of {@code normalize.jar}, on a terminal and under
 * {@code flink run}.
 */
@Command(
        name = "normalize",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Online Batch Normalization of feature vectors: micro-batches in train mode, frozen running "
                    + "statistics in eval mode, per key, on Apache Flink and Apache Kafka.",
            ""
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize demo",
            "  normalize replay --input train.jsonl --output out.jsonl --batch-size 64",
            "  normalize run --bootstrap-servers kafka:9092 --batch-size 64",
            "  normalize control EVAL --key '*' --bootstrap-servers kafka:9092",
            "  normalize stats --bootstrap-servers kafka:9092 --key k7 --export pytorch",
            "  normalize drift --bootstrap-servers kafka:9092",
            "  normalize serve --bootstrap-servers kafka:9092 --http-port 8080",
            "  normalize cluster up",
            "",
            "Exit codes: 0 success, 1 failure (unreachable broker, failed job), 2 bad command line.",
            "Run 'normalize COMMAND --help' for the flags of a command."
        })
public final class Normalize implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    // Picocli copies an inherited option into every subcommand, so -v works after any of them.
    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Print the full stack trace of an unexpected error.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand and the error handling; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Normalize());
        ReplayCommand replay = new ReplayCommand();
        RunCommand run = new RunCommand();
        DemoCommand demo = new DemoCommand();
        root.addSubcommand(withFlags(demo, demo.normalization));
        root.addSubcommand(withFlags(replay, replay.normalization, replay.replay));
        root.addSubcommand(withFlags(run, run.job, run.normalization));
        ControlSendCommand control = new ControlSendCommand();
        root.addSubcommand(withFlags(control, control.kafka));
        StatsCommand stats = new StatsCommand();
        root.addSubcommand(withFlags(stats, stats.kafka));
        DriftCommand drift = new DriftCommand();
        root.addSubcommand(withFlags(drift, drift.kafka));
        ServeCommand serve = new ServeCommand();
        root.addSubcommand(withFlags(serve, serve.serving));
        CommandLine cluster = new CommandLine(new ClusterCommand());
        // 'cluster flink' hands everything after its first argument to Flink's front end as it is.
        cluster.getSubcommands().get("flink").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        root.addSubcommand(cluster);
        root.addSubcommand(new CommandLine.HelpCommand());
        // Set after the subcommands are added: these settings apply to the commands present at the call.
        ErrorHandlers errors = new ErrorHandlers();
        root.setParameterExceptionHandler(errors);
        root.setExecutionExceptionHandler(errors);
        root.setCaseInsensitiveEnumValuesAllowed(true);
        return root;
    }

    private static CommandLine withFlags(Object command, OptionFlags... flags) {
        CommandLine cmd = new CommandLine(command);
        for (OptionFlags f : flags) {
            f.addTo(cmd.getCommandSpec());
        }
        return cmd;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw CliException.usage("missing a command: demo, replay, run, control, stats, drift, serve or cluster");
    }
}
