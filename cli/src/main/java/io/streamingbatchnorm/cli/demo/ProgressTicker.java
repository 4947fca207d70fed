package io.streamingbatchnorm.cli.demo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints one line of progress about every second while the job runs: messages sent to the features topic
 * (in), normalized records and dead letters visible to consumers (out), batches folded in (the sum of the
 * keys' statistics versions) and each key's mode and version.
 */
final class ProgressTicker implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-progress");
        t.setDaemon(true);
        return t;
    });
    private final PrintWriter err;
    private final DemoTally tally;
    private final LongSupplier sent;
    private final long total;
    private final long started;
    private long lastTick;
    private long lastSent;
    private long lastOut;

    ProgressTicker(PrintWriter err, DemoTally tally, LongSupplier sent, long total, long started) {
        this.started = started;
        this.err = err;
        this.tally = tally;
        this.sent = sent;
        this.total = total;
        this.lastTick = System.nanoTime();
    }

    void start() {
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        // The run's own notes print to the same stream; a line is computed and printed without one in between.
        synchronized (err) {
            print(System.nanoTime());
        }
    }

    private void print(long now) {
        double seconds = Math.max(1e-3, (now - lastTick) / 1e9);
        long in = sent.getAsLong();
        DemoTally.Progress p = tally.progress();
        long out = p.normalized() + p.deadLetters();
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "[%5.1f s] in %,d/%,d (%,.0f/s) | out %,d (%,.0f/s)" + " | batches %,d | dead letters %,d |",
                (now - started) / 1e9,
                in,
                total,
                (in - lastSent) / seconds,
                out,
                (out - lastOut) / seconds,
                p.batches(),
                p.deadLetters()));
        String separator = " ";
        for (Map.Entry<String, String> e : p.modes().entrySet()) {
            line.append(separator).append(e.getKey()).append(' ').append(e.getValue());
            separator = ", ";
        }
        if (p.modes().isEmpty()) {
            line.append(" no statistics yet");
        }
        err.println(line);
        err.flush();
        lastTick = now;
        lastSent = in;
        lastOut = out;
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
        // The drain can end between two ticks: the last line shows what the job wrote in the end.
        tick();
    }
}
