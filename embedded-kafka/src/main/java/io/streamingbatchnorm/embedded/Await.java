package io.streamingbatchnorm.embedded;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/** Waits for admin results with a deadline, turning Kafka's checked exceptions into unchecked ones. */
final class Await {

    /** A check that either succeeds or throws; retriable failures are tried again. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    private static final long RETRY_BACKOFF_MS = 50;

    private Await() {}

    static <T> T result(Future<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Failed to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + timeout + " waiting to " + what, e);
        }
    }

    /**
     * Repeats {@code attempt} until it completes without a retriable Kafka error, such as a
     * partition leader that is not yet known right after a topic was created.
     */
    static void retrying(Attempt attempt, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                attempt.run();
                return;
            } catch (Exception e) {
                if (!isRetriable(e) || System.nanoTime() - deadline > 0) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException("Failed to " + what, e);
                }
            }
            pause(what);
        }
    }

    private static boolean isRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static void pause(String what) {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what, e);
        }
    }
}
