package io.streamingbatchnorm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

/** Runs the {@code normalize} command line in-process and captures what it prints. */
final class Cli {
    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err, Duration elapsed) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Normalize.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        long started = System.nanoTime();
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - started));
    }
}
