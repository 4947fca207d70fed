package io.streamingbatchnorm.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.util.ExceptionUtils;

/**
 * Ends the demo's job once it has read everything that was sent: stop with a savepoint and a drain, which
 * advances event time to its end so that every open micro-batch closes and is normalized, as at the end of
 * a bounded input, and commits the last outputs. The savepoint itself is not needed and is deleted.
 */
final class DemoStop {
    private DemoStop() {}

    /**
     * Waits until the job's source has emitted every record up to {@code sent} (end offsets by partition of the
     * features topic; {@link SourceOffsets}, or the committed offsets if those come first), runs {@code caughtUp},
     * then drains and stops the job and waits for its end.
     *
     * @throws TimeoutException if that takes longer than {@code timeout}
     */
    static void afterReading(
            JobClient client, DemoTopics topics, Map<Integer, Long> sent, Duration timeout, Runnable caughtUp)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        CompletableFuture<?> result = client.getJobExecutionResult();
        while (!caughtUp(SourceOffsets.emitted(client.getJobID(), DemoTopics.FEATURES), sent)
                && !caughtUp(topics.featuresReadByPartition(), sent)) {
            if (result.isDone()) {
                result.get();
                throw new IllegalStateException("job " + client.getJobID() + " ended before it read every record");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException(
                        "job " + client.getJobID() + " did not read every record within " + timeout.toSeconds() + " s");
            }
            // The emitted offsets move with every record; a tenth of a second is all the drain waits after the last.
            TimeUnit.MILLISECONDS.sleep(100);
        }
        caughtUp.run();
        Path savepoints = Files.createTempDirectory("normalize-demo-savepoint-");
        try {
            stopWithDrain(client, savepoints, deadline);
            result.get(remaining(deadline), TimeUnit.MILLISECONDS);
        } finally {
            delete(savepoints);
        }
    }

    /**
     * The source can have emitted every record while a downstream task still initializes (its transactional
     * producers start one by one), and a savepoint needs every task running: until then it is tried again.
     */
    private static void stopWithDrain(JobClient client, Path savepoints, Instant deadline) throws Exception {
        while (true) {
            try {
                client.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(remaining(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                boolean starting = ExceptionUtils.findThrowable(e, CheckpointException.class)
                        .filter(c -> c.getCheckpointFailureReason()
                                == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)
                        .isPresent();
                if (!starting || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static boolean caughtUp(Map<Integer, Long> read, Map<Integer, Long> sent) {
        return sent.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static long remaining(Instant deadline) {
        return Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo's savepoint " + dir, e);
        }
    }
}
