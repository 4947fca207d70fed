package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.cli.cluster.ClusterException;
import io.streamingbatchnorm.cli.cluster.Dist;
import io.streamingbatchnorm.cli.cluster.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code normalize cluster}: a real deployment on this machine, without Docker: Flink and Kafka, each in its JVM. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        headerHeading = "%n",
        descriptionHeading = "%n",
        commandListHeading = "%nCommands:%n",
        header = "Start, inspect and stop a local Flink cluster and Kafka broker, each process in its own JVM.",
        description = {
            "'up' starts a Kafka broker (KRaft, Kafka's own server main class) and creates the topics as "
                    + "docker/create-topics.sh does, then a Flink standalone session cluster: one JobManager and two "
                    + "TaskManagers with 2 slots each, configured by deploy/flink/config.yaml. Ports are free ports; "
                    + "configuration, logs, Kafka's data, checkpoints and savepoints live under --dir. The processes "
                    + "keep running after 'up' returns; 'down' stops them.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  normalize cluster up",
            "  normalize cluster status",
            "  normalize cluster flink run -d flink-job/target/streaming-batchnorm-job-VERSION.jar \\",
            "      --detach --bootstrap-servers 127.0.0.1:KAFKA_PORT",
            "  normalize run --jobmanager 127.0.0.1:REST_PORT --bootstrap-servers 127.0.0.1:KAFKA_PORT --detach",
            "  normalize cluster logs taskmanager-1",
            "  normalize cluster down"
        },
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Status.class,
            ClusterCommand.Logs.class,
            ClusterCommand.Flink.class,
            ClusterCommand.Down.class
        })
final class ClusterCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw CliException.usage("missing a command: up, status, logs, flink or down");
    }

    /** The working directory flag every subcommand shares. */
    static final class Where {
        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "Working directory of the cluster. Default: target/local-cluster in the source " + "checkout.")
        Path dir;

        Path dir() {
            if (dir != null) {
                return dir;
            }
            return Dist.repository()
                    .map(r -> r.resolve("target/local-cluster"))
                    .orElse(Path.of("local-cluster"))
                    .toAbsolutePath();
        }
    }

    /** Runs {@code body}, turning a cluster problem into the command's one-line error and exit code. */
    static <T> T explained(Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (ClusterException e) {
            throw e.isUsage() ? CliException.usage(e.getMessage()) : CliException.failure(e.getMessage(), e);
        }
    }

    static void describe(PrintWriter out, LocalCluster c) {
        out.println("local cluster in " + c.dir());
        Map<String, Long> running = c.running();
        out.println("  Kafka broker    " + c.bootstrapServers() + "   " + pid(running, LocalCluster.KAFKA));
        out.println("  JobManager      " + c.restAddress() + "   " + pid(running, LocalCluster.JOB_MANAGER)
                + "   web UI http://" + c.restAddress());
        running.forEach((name, pid) -> {
            if (name.startsWith("taskmanager")) {
                out.println("  TaskManager     " + name + "   pid " + pid);
            }
        });
        out.println("  logs            " + c.logs());
        out.println("  savepoints      " + c.savepoints());
        String jar =
                c.dist().jobJar().map(Path::toString).orElse("flink-job/target/streaming-batchnorm-job-VERSION.jar");
        out.println("Submit the job:");
        out.println(
                "  normalize cluster flink run -d " + jar + " --detach --bootstrap-servers " + c.bootstrapServers());
        out.flush();
    }

    private static String pid(Map<String, Long> running, String name) {
        Long pid = running.get(name);
        return pid == null ? "NOT RUNNING" : "pid " + pid;
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the broker and the Flink cluster.")
    static final class Up implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Where where;

        @Option(
                names = "--dist",
                paramLabel = "DIR",
                description = "Folder with flink/lib and kafka/libs. Default: "
                        + "cluster-dist/target/dist, built by 'mvn -pl cluster-dist package'.")
        Path dist;

        @Option(
                names = "--java",
                paramLabel = "PATH",
                description = "Java executable of every process. Default: "
                        + "$JAVA_HOME/bin/java, or the Java running this command.")
        Path java;

        @Option(
                names = "--rest-port",
                paramLabel = "PORT",
                description = "Port of Flink's REST API and web UI. " + "Default: a free port.")
        int restPort;

        @Option(names = "--kafka-port", paramLabel = "PORT", description = "Port of the broker. Default: a free port.")
        int kafkaPort;

        @Option(
                names = "--taskmanagers",
                paramLabel = "N",
                defaultValue = "2",
                description = "TaskManagers to start, 2 slots each. Default: ${DEFAULT-VALUE}.")
        int taskManagers;

        @Override
        public Integer call() throws Exception {
            if (taskManagers < 1) {
                throw CliException.usage("--taskmanagers: must be 1 or more, got " + taskManagers);
            }
            Dist d = new Dist(
                    dist == null ? Dist.defaultHome() : dist.toAbsolutePath(),
                    java == null ? Dist.defaultJava() : java);
            LocalCluster c = explained(
                    () -> LocalCluster.up(new LocalCluster.Options(where.dir(), d, restPort, kafkaPort, taskManagers)));
            describe(spec.commandLine().getOut(), c);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show what runs, where, and the web UI.")
    static final class Status implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Where where;

        @Override
        public Integer call() throws Exception {
            LocalCluster c = explained(() -> LocalCluster.attach(where.dir()));
            describe(spec.commandLine().getOut(), c);
            return c.running().size() == 0 ? CliException.FAILURE : 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the end of a process's log.")
    static final class Logs implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Where where;

        @Parameters(
                paramLabel = "PROCESS",
                defaultValue = "jobmanager",
                description = "jobmanager, taskmanager-N, kafka or flink-client. Default: ${DEFAULT-VALUE}.")
        String process;

        @Option(names = "--lines", paramLabel = "N", defaultValue = "50", description = "Default: ${DEFAULT-VALUE}.")
        int lines;

        @Override
        public Integer call() throws Exception {
            LocalCluster c = explained(() -> LocalCluster.attach(where.dir()));
            Path log = c.logs().resolve(process.equals("kafka") ? "server.log" : process + ".log");
            if (!Files.isRegularFile(log)) {
                throw CliException.usage("no log of '" + process + "' in " + c.logs()
                        + "; name jobmanager, taskmanager-N, kafka or flink-client");
            }
            List<String> all = readLines(log);
            PrintWriter out = spec.commandLine().getOut();
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(out::println);
            out.flush();
            return 0;
        }

        private static List<String> readLines(Path log) throws IOException {
            return new ArrayList<>(Files.readAllLines(log));
        }
    }

    @Command(
            name = "flink",
            description = "Run Flink's own 'flink' front end (CliFrontend) against this cluster: "
                    + "run, list, stop, cancel, savepoint...")
    static final class Flink implements Callable<Integer> {
        @Mixin
        Where where;

        @Parameters(
                paramLabel = "ARGS",
                arity = "1..*",
                description = "The arguments of 'flink', such as " + "'run -d JAR --bootstrap-servers ...' or 'list'.")
        List<String> args;

        @Override
        public Integer call() throws Exception {
            LocalCluster c = explained(() -> LocalCluster.attach(where.dir()));
            if (c.running().get(LocalCluster.JOB_MANAGER) == null) {
                throw CliException.failure("the JobManager of the cluster in " + c.dir() + " is not running; "
                        + "restart the cluster with 'normalize cluster down' and 'normalize cluster up'");
            }
            return c.flink(args, null);
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every process cleanly.")
    static final class Down implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Where where;

        @Override
        public Integer call() throws Exception {
            LocalCluster c = explained(() -> LocalCluster.attach(where.dir()));
            int n = c.running().size();
            c.down();
            spec.commandLine().getOut().println("stopped " + n + " processes of the local cluster in " + c.dir());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
