package io.streamingbatchnorm.kafka;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The live stream threads of a Kafka Streams application in this JVM, found by their names. */
final class StreamThreads {
    /**
     * Kafka Streams names them {@code <client id>-StreamThread-<n>}, and the default client id starts
     * with the application id; the state updater and global threads have other suffixes.
     */
    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    private StreamThreads() {}

    static List<Thread> of(String applicationId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(applicationId + "-"))
                .filter(t -> STREAM_THREAD.matcher(t.getName()).matches())
                .toList();
    }

    /**
     * Interrupts {@code thread} as soon as a sample of its stack shows it running code of {@code type}.
     * Samples are taken back to back: a pause between them could miss a short call every time.
     *
     * @throws AssertionError if no sample within {@code timeout} does
     */
    static void interruptWhileIn(Thread thread, Class<?> type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (Arrays.stream(thread.getStackTrace())
                    .anyMatch(f -> f.getClassName().equals(type.getName()))) {
                thread.interrupt();
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("within " + timeout + ", " + thread.getName() + " never ran " + type.getName());
    }
}
