package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;

/**
 * While the demo runs, Ctrl-C cancels its job and stops its broker, which deletes the broker's temporary
 * data; otherwise each interrupted demo would leave a log directory behind.
 */
final class OnExit implements AutoCloseable {
    private static final long CANCEL_WAIT_SECONDS = 10;

    private final Thread hook;
    private final AtomicReference<JobClient> job = new AtomicReference<>();

    private OnExit(EmbeddedKafka kafka) {
        this.hook = new Thread(
                () -> {
                    JobClient client = job.get();
                    if (client != null) {
                        try {
                            client.cancel().get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            // The process ends anyway; the broker is stopped below regardless.
                        }
                    }
                    kafka.close();
                },
                "demo-stop-on-exit");
    }

    static OnExit install(EmbeddedKafka kafka) {
        OnExit onExit = new OnExit(kafka);
        Runtime.getRuntime().addShutdownHook(onExit.hook);
        return onExit;
    }

    void cancels(JobClient client) {
        job.set(client);
    }

    /** The demo ended by itself: nothing to do at exit. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook already runs.
        }
    }
}
