package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Flink MiniCluster for a test class, or for every class of a run that asks for it
 * ({@link #sharedAcrossClasses}), and gives tests a {@link Replayer} as a parameter. The cluster stops when the
 * class (or the run) ends; JUnit 5.13 or later closes it.
 *
 * <pre>
 * &#64;ExtendWith(ReplayExtension.class)
 * class MyReplayTest {
 *     &#64;Test
 *     void evalUsesTheFrozenStatistics(Replayer replayer) throws Exception { ... }
 * }
 * </pre>
 *
 * or, with settings, {@code @RegisterExtension static final ReplayExtension REPLAY = new
 * ReplayExtension().slots(4).sharedAcrossClasses();} and {@code REPLAY.replayer()} in the tests.
 */
public final class ReplayExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ReplayExtension.class);

    private int slots = 2;
    private boolean shared;
    private final Configuration flinkConf = new Configuration();
    private Replayer replayer;

    /** The highest parallelism a replay may have (2 by default). */
    public ReplayExtension slots(int slots) {
        this.slots = slots;
        return this;
    }

    /** Keeps the cluster for every test class of the run that uses a shared extension with the same slots. */
    public ReplayExtension sharedAcrossClasses() {
        this.shared = true;
        return this;
    }

    /** A Flink setting for the cluster, such as a state backend. */
    public ReplayExtension flink(String key, String value) {
        flinkConf.setString(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ExtensionContext owner = shared ? context.getRoot() : context;
        Running running = owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster-" + slots + "-" + flinkConf.hashCode(), k -> start(), Running.class);
        replayer = new Replayer(running.cluster, slots, running.workDir);
    }

    /**
     * Starts the cluster on another thread: the test runs on meanwhile, and its first replay builds its job graph
     * while the cluster starts (both mostly load classes, which a cold JVM does at once on several cores).
     */
    private Running start() {
        try {
            Path workDir = Files.createTempDirectory("replay-testkit");
            CompletableFuture<ReplayCluster> cluster = ReplayCluster.startInBackground(slots, flinkConf)
                    .handle((started, failure) -> {
                        if (failure != null) {
                            throw new CompletionException(new IllegalStateException(
                                    "cannot start the Flink MiniCluster for replays: " + failure.getMessage()
                                            + "; check the settings given with ReplayExtension.flink",
                                    failure));
                        }
                        return started;
                    });
            return new Running(cluster, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for replays", e);
        }
    }

    /** The replayer of the running cluster, for tests that registered the extension in a field. */
    public Replayer replayer() {
        if (replayer == null) {
            throw new IllegalStateException("the cluster has not started: register the extension on the test class");
        }
        return replayer;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Replayer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return replayer();
    }

    /** A started cluster and the directory its replays work in; closed with the store that holds it. */
    private record Running(CompletableFuture<ReplayCluster> cluster, Path workDir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                Replay.closeWhenStarted(cluster);
            } finally {
                ResultFiles.delete(workDir);
            }
        }
    }
}
