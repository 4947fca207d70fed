package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.flink.kafka.BrokerCheckException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr and an exit code: 2 for a bad command line (unknown flag,
 * refused value), 1 for anything else. A stack trace is printed only with {@code --verbose}.
 */
final class ErrorHandlers implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        StringBuilder line = new StringBuilder(name).append(": ").append(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched) {
            line.append(hint(unmatched, args));
        }
        line.append(" (see '").append(name).append(" --help')");
        cmd.getErr().println(line);
        cmd.getErr().flush();
        return CliException.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        int exitCode = CliException.FAILURE;
        String message;
        CliException cli = find(ex, CliException.class);
        ConfigException config = find(ex, ConfigException.class);
        BrokerCheckException broker = find(ex, BrokerCheckException.class);
        if (cli != null) {
            exitCode = cli.exitCode();
            message = cli.getMessage();
        } else if (config != null) {
            exitCode = CliException.USAGE;
            message = config.getMessage();
        } else if (broker != null) {
            message = broker.getMessage();
        } else {
            message = describe(ex);
        }
        err.println(name + ": " + message);
        if (verbose(parseResult)) {
            ex.printStackTrace(err);
        } else if (cli == null && config == null && broker == null) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return exitCode;
    }

    /** An unexpected exception as its message and, if different, the message of its root cause. */
    static String describe(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (root == ex || root.getMessage() == null || top.contains(root.getMessage())) {
            return top;
        }
        return top + ": " + root.getMessage();
    }

    /** Suggestions for a misspelled flag, or a reminder to quote a value that was split at a space. */
    private static String hint(UnmatchedArgumentException ex, String[] args) {
        List<String> suggestions = ex.getSuggestions();
        if (ex.isUnknownOption() && !suggestions.isEmpty()) {
            return "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                    + "?";
        }
        List<String> unmatched = ex.getUnmatched();
        if (unmatched.isEmpty()) {
            return "";
        }
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals(unmatched.get(0)) && isOptionWithValue(ex.getCommandLine(), args[i - 2])) {
                return "; it follows " + args[i - 2] + " " + args[i - 1] + ": quote a value that contains spaces";
            }
        }
        return "";
    }

    private static boolean isOptionWithValue(CommandLine cmd, String arg) {
        OptionSpec option = cmd.getCommandSpec().findOption(arg);
        return option != null && option.arity().max() > 0;
    }

    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
