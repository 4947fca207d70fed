package io.streamingbatchnorm.bench.harness;

import io.streamingbatchnorm.embedded.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker in a JVM of its own, started as a deployment starts one: Kafka's storage tool formats its log
 * directory, then Kafka's main class ({@code kafka.Kafka}) runs with the project's {@code deploy/kafka/server.properties}
 * plus free ports and a log directory under a temporary directory. Both run from this JVM's class path, which holds
 * Kafka's classes. {@link #close()} stops the process and deletes the directory; a shutdown hook kills the process if
 * this JVM exits first, so that nothing is left running.
 */
public final class BrokerProcess implements Broker {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final String bootstrapServers;
    private Process process;
    private Thread killer;
    private Admin admin;

    private BrokerProcess(Path dir, String bootstrapServers) {
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats, starts and returns once the broker answers an admin request. */
    public static BrokerProcess start() {
        Path dir = Directories.createTemp("sbn-broker-");
        int[] ports = FreePorts.pick(2);
        BrokerProcess broker = new BrokerProcess(dir, HOST + ":" + ports[0]);
        try {
            Path config = broker.writeConfig(ports[0], ports[1]);
            broker.run(
                    "format",
                    List.of(
                            "kafka.tools.StorageTool",
                            "format",
                            "--cluster-id",
                            Uuid.randomUuid().toString(),
                            "--config",
                            config.toString()));
            broker.process = broker.launch("broker", List.of("kafka.Kafka", config.toString()));
            broker.killer = new Thread(broker.process::destroyForcibly, "broker-process-killer");
            Runtime.getRuntime().addShutdownHook(broker.killer);
            broker.awaitReady();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    /** From the operating system's accounting of the process (user plus system time). */
    @Override
    public long processCpuNanos() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException(
                        "the CPU time of process " + process.pid() + " is not available on this system"))
                .toNanos();
    }

    /** Stops the broker (SIGTERM, as a controlled shutdown), kills it if it has not stopped in 30 s. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
        if (process != null) {
            stop(process);
            process = null;
        }
        if (killer != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook runs anyway, on a process that has already stopped.
            }
            killer = null;
        }
        Directories.delete(dir);
    }

    private Path writeConfig(int port, int controllerPort) {
        String text = deployedServerProperties()
                + "\n# A broker process of the benchmarks.\n"
                + "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort + "\n"
                + "advertised.listeners=PLAINTEXT://" + HOST + ":" + port + "\n"
                + "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
                + "controller.quorum.voters=1@" + HOST + ":" + controllerPort + "\n"
                + "log.dirs=" + dir.resolve("data") + "\n";
        try {
            return Files.writeString(dir.resolve("server.properties"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's server.properties", e);
        }
    }

    private static String deployedServerProperties() {
        try (InputStream in = BrokerProcess.class.getResourceAsStream("/deploy/kafka/server.properties")) {
            if (in == null) {
                throw new IllegalStateException("deploy/kafka/server.properties is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process launch(String name, List<String> mainAndArgs) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Xms256m",
                "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        try {
            return new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
        }
    }

    /** Runs a Kafka tool to its end; fails with its output if it does not succeed. */
    private void run(String name, List<String> mainAndArgs) {
        Process tool = launch(name, mainAndArgs);
        try {
            if (!tool.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                stop(tool);
                throw new IllegalStateException(name + " did not finish in " + START_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(tool);
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit status " + tool.exitValue() + ":\n" + log(name));
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the broker process exited with status " + process.exitValue() + ":\n" + log("broker"));
            }
            try {
                admin().describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the broker process did not accept connections at " + bootstrapServers + " within "
                                    + START_TIMEOUT.toSeconds() + " s:\n" + log("broker"),
                            notYet);
                }
            }
        }
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
