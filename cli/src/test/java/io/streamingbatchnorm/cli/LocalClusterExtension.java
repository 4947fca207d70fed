package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.cli.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Owns the local multi-process cluster of the cluster tests: started once for every test class that uses it,
 * with {@code normalize cluster up}, and stopped with {@code normalize cluster down} when the test run ends, also
 * after a failure; a process that does not stop is killed. Its figures are printed.
 */
final class LocalClusterExtension implements BeforeAllCallback {
    static final Path DIR = Path.of("target", "cluster-it").toAbsolutePath();
    private static LocalCluster cluster;

    static LocalCluster cluster() {
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalClusterExtension.class, k -> start(), Owner.class);
    }

    private static Owner start() {
        if (java.nio.file.Files.exists(DIR.resolve("cluster.properties"))) {
            Cli.run("cluster", "down", "--dir", DIR.toString());
        }
        // A fresh cluster every run: topics and data of an earlier run would clash with the tests'.
        deleteRecursively(DIR);
        Instant started = Instant.now();
        Cli.Result up = Cli.run("cluster", "up", "--dir", DIR.toString());
        assertThat(up.exitCode()).as("%s", up).isZero();
        cluster = LocalCluster.attach(DIR);
        System.out.printf(
                "cluster up in %.1f s: %s%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0, up.out());
        Owner owner = new Owner(cluster);
        Runtime.getRuntime().addShutdownHook(new Thread(owner::stopAll, "stop-local-cluster"));
        return owner;
    }

    private static void deleteRecursively(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops the cluster at the end of the test run; kills whatever it started that is still alive. */
    static final class Owner implements ExtensionContext.Store.CloseableResource {
        private final LocalCluster cluster;
        private boolean stopped;

        Owner(LocalCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            Map<String, Long> running = cluster.running();
            Cli.Result down = Cli.run("cluster", "down", "--dir", DIR.toString());
            stopAll();
            assertThat(down.exitCode()).as("%s", down).isZero();
            assertThat(running.values())
                    .as("processes left running after 'cluster down'")
                    .noneMatch(pid ->
                            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }

        synchronized void stopAll() {
            if (stopped) {
                return;
            }
            stopped = true;
            cluster.running().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
