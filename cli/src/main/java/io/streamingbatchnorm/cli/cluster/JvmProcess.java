package io.streamingbatchnorm.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the local cluster, started detached (it outlives the command that started it, its output in a file)
 * and later found again by its process id.
 */
final class JvmProcess {
    private JvmProcess() {}

    /** Starts {@code command} with output and errors appended to {@code out}; returns its process id. */
    static long start(List<String> command, Path out, Path workDir) {
        try {
            Files.createDirectories(out.getParent());
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return p.pid();
        } catch (IOException e) {
            throw ClusterException.failure("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} to its end and fails with its output if it does not succeed. */
    static void run(List<String> command, Path out, Path workDir, Duration timeout) {
        try {
            Files.createDirectories(out.getParent());
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw ClusterException.failure(command.get(command.size() - 1) + " did not end within " + timeout);
            }
            if (p.exitValue() != 0) {
                throw ClusterException.failure(
                        "'" + String.join(" ", command.subList(command.size() - 3, command.size()))
                                + "' failed with exit code " + p.exitValue() + "; see " + out);
            }
        } catch (IOException e) {
            throw ClusterException.failure("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClusterException.failure("interrupted while running " + command.get(0), e);
        }
    }

    /** The live process with this id, if it is still a Java process (a reused id is not ours). */
    static Optional<ProcessHandle> find(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true));
    }

    static boolean alive(long pid) {
        return find(pid).isPresent();
    }

    /** Asks the process to stop (SIGTERM: Flink and Kafka shut down cleanly), then kills it after {@code grace}. */
    static void stop(long pid, Duration grace) {
        find(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notInTime) {
                h.destroyForcibly();
                awaitExit(h);
            }
        });
    }

    /** {@code kill -9}: the process ends at once, without any shutdown code running. */
    static void kill(long pid) {
        find(pid).ifPresent(h -> {
            h.destroyForcibly();
            awaitExit(h);
        });
    }

    private static void awaitExit(ProcessHandle h) {
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("process " + h.pid() + " did not exit", e));
        }
    }
}
