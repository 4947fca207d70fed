package io.streamingbatchnorm.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, probing it every few milliseconds: the deadline bounds the wait,
 * the condition ends it, and a test never waits a fixed time for something to happen.
 */
public final class Poll {
    private static final long INTERVAL_NANOS = Duration.ofMillis(25).toNanos();

    private Poll() {}

    /**
     * Returns the first value of {@code probe} that {@code done} accepts; fails at the deadline with {@code what}
     * and the last value. A probe that throws a runtime exception is tried again (a server not answering yet);
     * the last such exception is the failure's cause.
     */
    public static <T> T until(Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
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

    /** Waits until {@code condition} holds; fails at the deadline with {@code what}. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition::getAsBoolean, Boolean::booleanValue, timeout, what);
    }

    private static void pause() {
        LockSupport.parkNanos(INTERVAL_NANOS);
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while waiting");
        }
    }
}
