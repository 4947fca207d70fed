package io.streamingbatchnorm.cli;

import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Waits for a submitted job to end and, for a job on the local MiniCluster, cancels it when the process
 * is asked to stop (Ctrl-C), so that it ends cleanly: its open Kafka transactions are aborted rather
 * than left to time out.
 */
final class JobWatch {
    /** Exit code after Ctrl-C, as shells report a process ended by SIGINT. */
    static final int CANCELLED = 130;

    private static final long CANCEL_WAIT_SECONDS = 30;

    private final JobClient client;
    private final PrintWriter out;
    private final PrintWriter err;
    private final AtomicBoolean cancelling = new AtomicBoolean();

    JobWatch(JobClient client, PrintWriter out, PrintWriter err) {
        this.client = client;
        this.out = out;
        this.err = err;
    }

    /**
     * Whether a job started now runs on a MiniCluster inside this process, rather than on the Flink
     * cluster that {@code flink run} submits to (which installs its own context environment).
     */
    static boolean runsLocally() {
        return StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
    }

    /** Waits for the end of the job; returns the exit code, or throws a {@link CliException} if the job failed. */
    int await(boolean cancelOnExit) {
        Thread hook = new Thread(this::cancel, "cancel-job-on-exit");
        if (cancelOnExit) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            client.getJobExecutionResult().get();
            out.println("job " + client.getJobID() + " finished");
            out.flush();
            return 0;
        } catch (ExecutionException e) {
            if (cancelling.get()) {
                return CANCELLED;
            }
            throw CliException.failure("job " + client.getJobID() + " failed: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted while waiting for job " + client.getJobID(), e);
        } finally {
            if (cancelOnExit) {
                removeHook(hook);
            }
        }
    }

    private void cancel() {
        cancelling.set(true);
        err.println("cancelling job " + client.getJobID() + " ...");
        err.flush();
        try {
            client.cancel().get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
            client.getJobExecutionResult().get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // A cancelled job's result completes exceptionally: that is the clean end waited for.
        } catch (Exception e) {
            err.println("job " + client.getJobID() + " did not confirm the cancellation: " + e);
            err.flush();
            return;
        }
        err.println("job " + client.getJobID() + " cancelled");
        err.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running; it finishes the cancellation.
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null
                ? root.getClass().getName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
