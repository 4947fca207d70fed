package io.streamingbatchnorm.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it every few milliseconds, instead of sleeping. */
final class Poll {
    private static final long INTERVAL_MS = 25;

    private Poll() {}

    /** Returns the first value of {@code probe} that {@code done} accepts; fails at the deadline with {@code what}. */
    static <T> T until(Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
                lastError = null;
            } catch (RuntimeException e) {
                lastError = e;
            }
            pause();
        }
        AssertionError failure =
                new AssertionError("timed out after " + timeout + " waiting for " + what + "; last value: " + last);
        if (lastError != null) {
            failure.initCause(lastError);
        }
        throw failure;
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
