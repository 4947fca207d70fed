package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.flink.kafka.BrokerCheckException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** What a failure inside a command prints, and its exit code. */
class ErrorHandlersTest {
    private final StringWriter err = new StringWriter();

    private int handle(Exception ex, String... args) {
        CommandLine root = Normalize.commandLine();
        ParseResult parsed = root.parseArgs(args);
        CommandLine replay = root.getSubcommands().get("replay");
        replay.setErr(new PrintWriter(err, true));
        return new ErrorHandlers().handleExecutionException(ex, replay, parsed);
    }

    @Test
    void anUnexpectedErrorIsOneMessageWithItsRootCauseAndAHint() {
        int code = handle(
                new IllegalStateException("cannot write output", new IOException("disk full")),
                "replay",
                "--input",
                "in",
                "--output",
                "out");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo(
                        String.format(
                                "normalize replay: cannot write output: disk full%n(run with --verbose for the stack trace)%n"));
    }

    @Test
    void verboseAddsTheStackTraceAfterAnySubcommand() {
        int code = handle(new IllegalStateException("boom"), "replay", "--input", "in", "--output", "out", "-v");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .startsWith(String.format("normalize replay: boom%njava.lang.IllegalStateException: boom"))
                .contains("\tat ");
    }

    @Test
    void aRefusedValueFoundAnywhereInTheCausesIsAUsageError() {
        int code = handle(
                new RuntimeException("wrapped", new ConfigException("momentum", "must be in [0, 1), got 2.0")),
                "replay",
                "--input",
                "in",
                "--output",
                "out");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo(String.format("normalize replay: --momentum: must be in [0, 1), got 2.0%n"));
    }

    @Test
    void brokerChecksAndCliFailuresPrintTheirMessageOnly() {
        int broker = handle(
                new BrokerCheckException("missing topics [features]"), "replay", "--input", "in", "--output", "out");
        int cli = handle(
                CliException.failure("no statistics for key 'k'", new IllegalStateException("detail")),
                "replay",
                "--input",
                "in",
                "--output",
                "out");

        assertThat(broker).isEqualTo(1);
        assertThat(cli).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo(String.format(
                        "normalize replay: missing topics [features]%nnormalize replay: no statistics for key 'k'%n"));
    }
}
