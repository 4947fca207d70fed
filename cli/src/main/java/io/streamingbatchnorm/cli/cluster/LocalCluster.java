package io.streamingbatchnorm.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Flink standalone session cluster (one JobManager, TaskManagers with two slots each) and a KRaft Kafka broker
 * on this machine, each in its own JVM, with free ports and everything under one working directory. The processes
 * outlive the command that started them; {@link #attach} finds them again.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String KAFKA = "kafka";
    public static final String JOB_MANAGER = "jobmanager";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ClusterFiles files;
    private final ClusterState state;
    private final Commands commands;
    private final Dist dist;

    private LocalCluster(ClusterFiles files, ClusterState state, Dist dist) {
        this.files = files;
        this.state = state;
        this.dist = dist;
        this.commands = new Commands(dist, files);
    }

    /** What to start: where, from which dist, on which ports (0: a free one), how many TaskManagers. */
    public record Options(Path dir, Dist dist, int restPort, int kafkaPort, int taskManagers) {}

    /** Starts the broker, creates the topics, starts the JobManager and the TaskManagers; returns once all serve. */
    public static LocalCluster up(Options o) {
        Path dir = o.dir().toAbsolutePath().normalize();
        if (ClusterState.exists(dir)) {
            LocalCluster running = attach(dir);
            if (!running.running().isEmpty()) {
                throw ClusterException.failure("a local cluster is already up in '" + dir + "' (" + running.running()
                        + "); stop it with 'normalize cluster down' or choose another --dir");
            }
            running.state.delete();
        }
        Dist dist = o.dist().checked();
        if (o.restPort() != 0) {
            Ports.requireFree(o.restPort(), "--rest-port");
        }
        if (o.kafkaPort() != 0) {
            Ports.requireFree(o.kafkaPort(), "--kafka-port");
        }
        int[] free = Ports.free(4);
        ClusterFiles files = new ClusterFiles(dir);
        mkdirs(files.logs(), files.checkpoints(), files.savepoints(), files.kafkaData(), files.plugins());
        ClusterState state = ClusterState.create(dir);
        state.put("dist", dist.home());
        state.put("java", dist.java());
        state.put("kafka.port", o.kafkaPort() != 0 ? o.kafkaPort() : free[0]);
        state.put("kafka.controller.port", free[1]);
        state.put("jobmanager.rpc.port", free[2]);
        state.put("rest.port", o.restPort() != 0 ? o.restPort() : free[3]);
        state.put("taskmanagers.started", 0);
        files.writeKafkaConf(state.port("kafka.port"), state.port("kafka.controller.port"));
        files.writeFlinkConf(state.port("jobmanager.rpc.port"), state.port("rest.port"));
        LocalCluster cluster = new LocalCluster(files, state, dist);
        try {
            // Every process starts at once: Flink does not need the broker until a job runs.
            cluster.launchBroker();
            cluster.start(JOB_MANAGER, cluster.commands.jobManager());
            for (int i = 0; i < o.taskManagers(); i++) {
                cluster.startTaskManager();
            }
            cluster.awaitBroker();
            cluster.createTopics();
            cluster.awaitTaskManagers(o.taskManagers());
            return cluster;
        } catch (RuntimeException e) {
            cluster.down();
            throw e;
        }
    }

    /** The cluster started in {@code dir} earlier, by this or another process. */
    public static LocalCluster attach(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        ClusterState state = ClusterState.load(d);
        Dist dist = new Dist(Path.of(state.get("dist")), Path.of(state.get("java")));
        return new LocalCluster(new ClusterFiles(d), state, dist);
    }

    public String bootstrapServers() {
        return Ports.HOST + ":" + state.port("kafka.port");
    }

    /** host:port of the JobManager's REST API and web UI, what {@code flink run -m} takes. */
    public String restAddress() {
        return Ports.HOST + ":" + state.port("rest.port");
    }

    public Path dir() {
        return files.dir();
    }

    public Path logs() {
        return files.logs();
    }

    public Path savepoints() {
        return files.savepoints();
    }

    public Dist dist() {
        return dist;
    }

    /** Name to process id of every process of this cluster that runs now. */
    public Map<String, Long> running() {
        Map<String, Long> out = new LinkedHashMap<>();
        state.pids().forEach((name, pid) -> {
            if (JvmProcess.alive(pid)) {
                out.put(name, pid);
            }
        });
        return out;
    }

    /** Starts one more TaskManager (a replacement, or more capacity) and returns its name; does not wait. */
    public String startTaskManager() {
        int n = Integer.parseInt(state.get("taskmanagers.started")) + 1;
        state.put("taskmanagers.started", n);
        String name = "taskmanager-" + n;
        start(name, commands.taskManager(name));
        return name;
    }

    /** Waits until the JobManager has {@code count} TaskManagers registered. */
    public void awaitTaskManagers(int count) {
        Readiness.await(
                "the JobManager at " + restAddress() + " with " + count + " TaskManagers",
                () -> Readiness.taskManagers(restAddress()) == count,
                running(),
                files.logs(),
                START_TIMEOUT);
    }

    /** Starts the broker on its ports and log directory (formatting the directory the first time) and waits for it. */
    public void startBroker() {
        launchBroker();
        awaitBroker();
    }

    private void launchBroker() {
        if (!Files.exists(files.kafkaData().resolve("meta.properties"))) {
            JvmProcess.run(
                    commands.kafkaFormat(Uuid.randomUuid().toString()),
                    Commands.outFile(files, "kafka-format"),
                    files.dir(),
                    START_TIMEOUT);
        }
        start(KAFKA, commands.kafka());
    }

    private void awaitBroker() {
        Readiness.await(
                "the Kafka broker at " + bootstrapServers(),
                () -> Readiness.brokerAnswers(bootstrapServers()),
                Map.of(KAFKA, state.pids().get(KAFKA)),
                files.logs(),
                START_TIMEOUT);
    }

    /** {@code kill -9} of one process: no shutdown code runs, as when a machine or a container dies. */
    public void kill(String name) {
        Long pid = state.pids().get(name);
        if (pid == null) {
            throw ClusterException.usage(
                    "no process named '" + name + "' in this cluster; see 'normalize cluster status'");
        }
        JvmProcess.kill(pid);
        state.remove("pid." + name);
    }

    /**
     * The {@code flink} front end against this cluster (FLINK_CONF_DIR is the cluster's), run to its end; its
     * output goes to {@code out}, or to this process's when {@code out} is null. Returns its exit code.
     */
    public int flink(List<String> args, Path out) {
        List<String> cmd = commands.flinkClient(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("FLINK_CONF_DIR", files.flinkConf().toString());
            pb.environment().put("FLINK_PLUGINS_DIR", files.plugins().toString());
            if (out == null) {
                pb.inheritIO();
            } else {
                pb.redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            // The caller's working directory: the jar and file arguments are relative to it.
            Process p = pb.start();
            p.waitFor();
            return p.exitValue();
        } catch (IOException e) {
            throw ClusterException.failure("cannot start the flink front end: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClusterException.failure("interrupted while running flink " + args);
        }
    }

    /** Stops every process cleanly (TaskManagers first, the broker last), then forgets the cluster. */
    public void down() {
        List<String> order = new ArrayList<>(state.pids().keySet());
        order.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        for (String name : order) {
            JvmProcess.stop(state.pids().get(name), STOP_GRACE);
            state.remove("pid." + name);
        }
        state.delete();
    }

    @Override
    public void close() {
        down();
    }

    private static int rank(String name) {
        return name.startsWith("taskmanager") ? 0 : name.equals(JOB_MANAGER) ? 1 : 2;
    }

    private void start(String name, List<String> command) {
        // Flink's processes refuse to start without their temporary folders (io.tmp.dirs, web.tmpdir).
        mkdirs(files.tmp(name), files.tmp("web"));
        state.put("pid." + name, JvmProcess.start(command, Commands.outFile(files, name), files.dir()));
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            ClusterTopics.create(admin);
        }
    }

    private static void mkdirs(Path... dirs) {
        try {
            for (Path d : dirs) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
