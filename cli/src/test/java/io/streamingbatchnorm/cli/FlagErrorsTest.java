package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad command line exits with code 2 and one line naming the flag, before anything starts: no Flink job,
 * no broker contact (the broker address here is unreachable, which would take seconds and exit 1).
 */
class FlagErrorsTest {
    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    static Path dir;

    private static Path input;

    @BeforeEach
    void writeInput() throws IOException {
        input = Files.writeString(dir.resolve("in.jsonl"), "{\"key\":\"k\",\"event_time\":0,\"values\":[1.0]}\n");
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                replay("--momentum", "[0, 1)", "--momentum", "1.5"),
                replay("--batch-size", "at least 1", "--batch-size", "0"),
                replay("--window", "not a duration", "--window", "5 parsecs"),
                replay("--window", "quote a value", "--window", "5", "parsecs"),
                replay("--momentum", "Unknown option", "--momentun", "0.5"),
                replay("--initial-mode", "train, eval", "--initial-mode", "frozen"),
                replay("--running-variance", "biased, unbiased", "--running-variance", "sample"),
                replay("--max-batch-delay", "not a duration", "--max-batch-delay", "soon"),
                replay("--parallelism", "at least 1", "--parallelism", "0"),
                replay("--parallelism", "not an int", "--parallelism", "two"),
                args("--input", "no such file", "replay", "--input", "missing.jsonl", "--output", "out.jsonl"),
                args("--input", "not a readable file", "replay", "--input", "DIR", "--output", "out.jsonl"),
                replay("--control", "no such file", "--control", "missing-control.jsonl"),
                replay("--control", "not a readable file", "--control", "DIR"),
                replay("--max-line-bytes", "must be in [1024,", "--max-line-bytes", "10"),
                replay("--key-column", "only with --input-format csv", "--key-column", "city"),
                replay("--input-format", "jsonl, csv", "--input-format", "parquet"),
                replay("--drift-shift", "> 0", "--drift-shift", "0"),
                replay("--drift-ratio", "> 1", "--drift-ratio", "0.5"),
                replay("--drift-window", "at least 2", "--drift-window", "1"),
                run("--drift-ratio", "finite number > 1", "--drift-ratio", "Infinity"),
                args("--bootstrap-servers", "drift topic", "drift"),
                args("--format", "expected one of", "drift", "--bootstrap-servers", NO_BROKER, "--format", "xml"),
                args(
                        "--version",
                        "name the key with --key",
                        "stats",
                        "--bootstrap-servers",
                        NO_BROKER,
                        "--version",
                        "3"),
                args(
                        "--frozen",
                        "describes the layer of --export",
                        "stats",
                        "--bootstrap-servers",
                        NO_BROKER,
                        "--frozen"),
                args("--output", "Missing required option", "replay", "--input", "IN"),
                args("--output", "is an input", "replay", "--input", "IN", "--output", "IN"),
                args(
                        "--dlq-output",
                        "also given to --output",
                        "replay",
                        "--input",
                        "IN",
                        "--output",
                        "o.jsonl",
                        "--dlq-output",
                        "o.jsonl"),
                args(
                        "--drift-output",
                        "is an input",
                        "replay",
                        "--input",
                        "IN",
                        "--output",
                        "o.jsonl",
                        "--drift-output",
                        "IN"),
                run("--delivery", "exactly-once, at-least-once", "--delivery", "twice"),
                run("--checkpoint-interval", "not a duration", "--checkpoint-interval", "1 fortnight"),
                run("--momentum", "[0, 1)", "--momentum", "1"),
                run("--kafka-properties", "cannot read", "--kafka-properties", "missing.properties"),
                run("--detach", "flink run -d", "--detach"),
                args("--bootstrap-servers", "is required", "run"),
                control("--gamma", "only SET_AFFINE", "EVAL", "--gamma", "1"),
                control("--momentum", "only SET_PARAMS", "TRAIN", "--momentum", "0.5"),
                control(
                        "--gamma/--beta",
                        "'gamma' has 2 values but 'beta' has 1",
                        "SET_AFFINE",
                        "--gamma",
                        "1,2",
                        "--beta",
                        "1"),
                control("--gamma/--beta", "needs field 'gamma' or 'beta'", "SET_AFFINE"),
                control("--gamma/--beta", "finite", "SET_AFFINE", "--gamma", "1,NaN"),
                control("--gamma", "is not a double", "SET_AFFINE", "--gamma", "1,x"),
                control("--momentum/--epsilon", "[0, 1)", "SET_PARAMS", "--momentum", "1.5"),
                control("--momentum/--epsilon", "needs field 'momentum' or 'epsilon'", "SET_PARAMS"),
                control("COMMAND", "is not one of TRAIN, EVAL", "FREEZE"),
                control("--effective-time", "ISO-8601", "EVAL", "--effective-time", "yesterday"),
                control("--from-model", "no such file", "SET_AFFINE", "--from-model", "missing.json"),
                control("--from-model", "not both", "SET_AFFINE", "--from-model", "m.json", "--gamma", "1"),
                control("--kafka-properties", "cannot read", "EVAL", "--kafka-properties", "missing.properties"),
                control("--max-dimension", "whole number", "EVAL", "--max-dimension", "many"),
                args("--key", "Missing required option", "control", "EVAL"),
                args("--export", "--key", "stats", "--bootstrap-servers", NO_BROKER, "--export", "pytorch"),
                args(
                        "--export",
                        "expected one of",
                        "stats",
                        "--bootstrap-servers",
                        NO_BROKER,
                        "--key",
                        "k",
                        "--export",
                        "onnx"),
                args("--format", "expected one of", "stats", "--bootstrap-servers", NO_BROKER, "--format", "xml"),
                args("--bootstrap-servers", "Invalid url", "stats", "--bootstrap-servers", "localhost"),
                args("--bootstrap-servers", "or --savepoint PATH", "stats"),
                args(
                        "--savepoint",
                        "leave out --bootstrap-servers",
                        "stats",
                        "--savepoint",
                        "DIR",
                        "--bootstrap-servers",
                        NO_BROKER),
                args("--savepoint", "no such directory", "stats", "--savepoint", "no-such-savepoint"),
                args("--savepoint", "has no _metadata file", "stats", "--savepoint", "DIR"),
                args("--records", "between 1 and", "demo", "--records", "0"),
                args("--seed", "only the synthetic data set", "demo", "--dataset", "weather", "--seed", "3"),
                args("--dataset", "expected one of", "demo", "--dataset", "mnist"),
                args("--rate", "a positive number", "demo", "--rate", "-5"),
                args("--delivery", "exactly-once, at-least-once", "demo", "--delivery", "twice"),
                args("--momentum", "[0, 1)", "demo", "--momentum", "2"),
                args("--window", "not a duration", "demo", "--dataset", "weather", "--window", "weekly"),
                args("--bootstrap-servers", "is required", "serve"),
                args(
                        "--http-port",
                        "not a whole number",
                        "serve",
                        "--bootstrap-servers",
                        NO_BROKER,
                        "--http-port",
                        "x"),
                args(
                        "--delivery",
                        "exactly-once, at-least-once",
                        "serve",
                        "--bootstrap-servers",
                        NO_BROKER,
                        "--delivery",
                        "twice"),
                args(
                        "--kafka-properties",
                        "sets application.id",
                        "serve",
                        "--bootstrap-servers",
                        NO_BROKER,
                        "--kafka-property",
                        "application.id=x"),
                args(
                        "--input-topic",
                        "is also --stats-topic",
                        "serve",
                        "--bootstrap-servers",
                        NO_BROKER,
                        "--stats-topic",
                        "same",
                        "--input-topic",
                        "same"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badCommandLines")
    void exitsWithCodeTwoAndOneLineNamingTheFlag(List<String> args, String flag, String detail) {
        Cli.Result r = Cli.run(args.stream()
                .map(a -> a.equals("IN") ? input.toString() : a.equals("DIR") ? dir.toString() : a)
                .map(a -> a.endsWith(".jsonl") && !a.startsWith("/")
                        ? dir.resolve(a).toString()
                        : a)
                .toArray(String[]::new));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).contains(flag).contains(detail);
        assertThat(r.err().strip()).as("one line, no stack trace").doesNotContain("\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anOutputThatIsTheInputUnderAnotherNameIsRefused() throws IOException {
        Path symlink = Files.createSymbolicLink(dir.resolve("link.jsonl"), input);
        Path hardLink = Files.createLink(dir.resolve("hard.jsonl"), input);
        Files.createDirectories(dir.resolve("sub"));
        String dotDot = dir.resolve("sub").resolve("..").resolve("in.jsonl").toString();
        try {
            for (String output : List.of(symlink.toString(), hardLink.toString(), dotDot)) {
                Cli.Result r = Cli.run("replay", "--input", input.toString(), "--output", output);
                assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
                assertThat(r.err()).as("%s", r).contains("--output").contains("is an input of the replay");
            }
            Path control = Files.writeString(dir.resolve("control.jsonl"), "");
            Path controlLink = Files.createSymbolicLink(dir.resolve("control-link.jsonl"), control);
            Cli.Result r = Cli.run(
                    "replay",
                    "--input",
                    input.toString(),
                    "--output",
                    dir.resolve("o.jsonl").toString(),
                    "--control",
                    control.toString(),
                    "--stats-output",
                    controlLink.toString());
            assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
            assertThat(r.err()).contains("--stats-output").contains("is an input of the replay");
            assertThat(Files.readString(input)).startsWith("{\"key\"");
        } finally {
            Files.deleteIfExists(symlink);
            Files.deleteIfExists(hardLink);
            Files.deleteIfExists(dir.resolve("control-link.jsonl"));
        }
    }

    @Test
    void aCsvColumnMissingFromTheHeaderStopsTheReplayNamingIt() throws IOException {
        Path csv = Files.writeString(dir.resolve("in.csv"), "city,when,a,b\nx,2020-01-01,1,2\n");

        Cli.Result r = Cli.run(
                "replay",
                "--input",
                csv.toString(),
                "--output",
                dir.resolve("csv-out.jsonl").toString(),
                "--input-format",
                "csv",
                "--key-column",
                "city",
                "--time-column",
                "date",
                "--feature-columns",
                "a..b");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("--time-column: no column 'date' in the header; its columns are city, when, a, b");
        assertThat(r.err().strip()).doesNotContain("\n");
        assertThat(dir.resolve("csv-out.jsonl")).doesNotExist();
    }

    private static Arguments args(String flag, String detail, String... args) {
        return Arguments.of(List.of(args), flag, detail);
    }

    private static Arguments replay(String flag, String detail, String... extra) {
        List<String> args = new ArrayList<>(List.of("replay", "--input", "IN", "--output", "out.jsonl"));
        args.addAll(List.of(extra));
        return Arguments.of(args, flag, detail);
    }

    private static Arguments run(String flag, String detail, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", NO_BROKER));
        args.addAll(List.of(extra));
        return Arguments.of(args, flag, detail);
    }

    private static Arguments control(String flag, String detail, String... extra) {
        List<String> args = new ArrayList<>(List.of("control"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--key", "k1", "--bootstrap-servers", NO_BROKER));
        return Arguments.of(args, flag, detail);
    }
}
