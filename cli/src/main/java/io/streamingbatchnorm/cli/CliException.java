package io.streamingbatchnorm.cli;

/**
 * A failure the command explains in one line, without a stack trace: a bad flag value (exit code
 * {@link #USAGE}) or a problem with the environment, such as an unreachable broker (exit code {@link #FAILURE}).
 */
public final class CliException extends RuntimeException {
    /** Exit code of a usage error: an unknown flag, a missing or bad value. */
    public static final int USAGE = 2;
    /** Exit code of a failure that is not the user's input: unreachable broker, failed job, I/O. */
    public static final int FAILURE = 1;

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad flag value; {@code message} starts with the flag, as in {@code --input: no such file 'x'}. */
    public static CliException usage(String message) {
        return new CliException(USAGE, message, null);
    }

    /** A failure of the environment; {@code cause} is printed only with {@code --verbose}. */
    public static CliException failure(String message, Throwable cause) {
        return new CliException(FAILURE, message, cause);
    }

    public static CliException failure(String message) {
        return failure(message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
