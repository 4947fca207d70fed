package io.streamingbatchnorm.cli.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The command lines of the local cluster's processes: what Flink's and Kafka's start scripts would run, with
 * the JVM memory flags Flink derives from {@code config.yaml} (as its scripts do, through the same code).
 */
final class Commands {
    static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String FLINK_CLIENT = "org.apache.flink.client.cli.CliFrontend";
    static final String KAFKA = "kafka.Kafka";
    static final String KAFKA_STORAGE = "kafka.tools.StorageTool";

    private final Dist dist;
    private final ClusterFiles files;

    Commands(Dist dist, ClusterFiles files) {
        this.dist = dist;
        this.files = files;
    }

    List<String> jobManager() {
        Configuration conf =
                GlobalConfiguration.loadConfiguration(files.flinkConf().toString());
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
        List<String> cmd = flinkJvm(
                "jobmanager",
                JobManagerProcessUtils.generateJvmParametersStr(spec, conf),
                javaOptions(conf, CoreOptions.FLINK_DEFAULT_JM_JVM_OPTIONS, CoreOptions.FLINK_JM_JVM_OPTIONS));
        cmd.addAll(List.of(JOB_MANAGER, "--configDir", files.flinkConf().toString()));
        cmd.addAll(words(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
        cmd.addAll(List.of("-D", "io.tmp.dirs=" + files.tmp("jobmanager")));
        return cmd;
    }

    List<String> taskManager(String name) {
        Configuration conf =
                GlobalConfiguration.loadConfiguration(files.flinkConf().toString());
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        List<String> cmd = flinkJvm(
                name,
                ProcessMemoryUtils.generateJvmParametersStr(spec),
                javaOptions(conf, CoreOptions.FLINK_DEFAULT_TM_JVM_OPTIONS, CoreOptions.FLINK_TM_JVM_OPTIONS));
        cmd.addAll(List.of(TASK_MANAGER, "--configDir", files.flinkConf().toString()));
        cmd.addAll(words(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
        cmd.addAll(List.of("-D", "taskmanager.resource-id=" + name, "-D", "io.tmp.dirs=" + files.tmp(name)));
        return cmd;
    }

    /** Flink's {@code flink} front end: {@code run}, {@code stop}, {@code list}... against this cluster. */
    List<String> flinkClient(List<String> args) {
        Configuration conf =
                GlobalConfiguration.loadConfiguration(files.flinkConf().toString());
        List<String> cmd = new ArrayList<>(List.of(dist.java().toString()));
        cmd.addAll(javaOptions(conf, CoreOptions.FLINK_CLI_JVM_OPTIONS, CoreOptions.FLINK_CLI_JVM_OPTIONS));
        cmd.addAll(List.of(
                "-Dlog.file=" + files.logs().resolve("flink-client.log"),
                "-Dlog4j.configurationFile="
                        + files.flinkConf().resolve("log4j-cli.properties").toUri(),
                "-cp",
                dist.flinkLib() + "/*",
                FLINK_CLIENT));
        cmd.addAll(args);
        return cmd;
    }

    List<String> kafkaFormat(String clusterId) {
        List<String> cmd = kafkaJvm();
        cmd.addAll(List.of(
                KAFKA_STORAGE,
                "format",
                "--cluster-id",
                clusterId,
                "--config",
                files.kafkaConf().resolve("server.properties").toString()));
        return cmd;
    }

    List<String> kafka() {
        List<String> cmd = kafkaJvm();
        cmd.addAll(List.of(KAFKA, files.kafkaConf().resolve("server.properties").toString()));
        return cmd;
    }

    private List<String> kafkaJvm() {
        return new ArrayList<>(List.of(
                dist.java().toString(),
                "-Xmx1g",
                "-Xms256m",
                "-Dkafka.logs.dir=" + files.logs(),
                "-Dlog4j2.configurationFile="
                        + files.kafkaConf().resolve("log4j2.properties").toUri(),
                "-cp",
                dist.kafkaLibs() + "/*"));
    }

    private List<String> flinkJvm(String name, String memoryFlags, List<String> options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.java().toString());
        cmd.addAll(words(memoryFlags));
        cmd.addAll(options);
        cmd.add("-Dlog.file=" + files.logs().resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile="
                + files.flinkConf().resolve("log4j.properties").toUri());
        cmd.add("-cp");
        cmd.add(dist.flinkLib() + "/*");
        return cmd;
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank()
                ? new ArrayList<>()
                : new ArrayList<>(Arrays.asList(s.trim().split("\\s+")));
    }

    /** The env.java.* options Flink's scripts put on a process's command line: the common ones, then its own. */
    private static List<String> javaOptions(
            Configuration conf, ConfigOption<String> processDefault, ConfigOption<String> process) {
        Set<String> out = new LinkedHashSet<>();
        out.addAll(words(conf.get(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS)));
        out.addAll(words(conf.get(CoreOptions.FLINK_JVM_OPTIONS)));
        out.addAll(words(conf.get(processDefault)));
        out.addAll(words(conf.get(process)));
        return new ArrayList<>(out);
    }

    static Path outFile(ClusterFiles files, String name) {
        return files.logs().resolve(name + ".out");
    }
}
