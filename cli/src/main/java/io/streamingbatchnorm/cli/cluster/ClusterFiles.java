package io.streamingbatchnorm.cli.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The working directory of a local cluster: configuration (the project's {@code deploy/} files, carried in this
 * jar, plus this machine's ports and folders), logs, Kafka's data, checkpoints and savepoints.
 */
record ClusterFiles(Path dir) {
    Path flinkConf() {
        return dir.resolve("conf/flink");
    }

    Path kafkaConf() {
        return dir.resolve("conf/kafka");
    }

    /** Flink's plugins folder; empty: the job jar brings what the job needs. */
    Path plugins() {
        return dir.resolve("plugins");
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path kafkaData() {
        return dir.resolve("kafka-data");
    }

    Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    Path savepoints() {
        return dir.resolve("savepoints");
    }

    Path tmp(String process) {
        return dir.resolve("tmp").resolve(process);
    }

    /** Writes Flink's config.yaml (the project's, then this cluster's addresses and folders) and log4j files. */
    void writeFlinkConf(int rpcPort, int restPort) {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("jobmanager.rpc.address", Ports.HOST);
        local.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        local.put("jobmanager.bind-host", Ports.HOST);
        local.put("taskmanager.bind-host", Ports.HOST);
        local.put("taskmanager.host", Ports.HOST);
        local.put("rest.address", Ports.HOST);
        local.put("rest.bind-address", Ports.HOST);
        local.put("rest.port", Integer.toString(restPort));
        local.put("execution.checkpointing.dir", checkpoints().toUri().toString());
        local.put("execution.checkpointing.savepoint-dir", savepoints().toUri().toString());
        local.put("web.tmpdir", tmp("web").toString());
        StringBuilder yaml = new StringBuilder(resource("flink/config.yaml"));
        yaml.append("\n# This machine's local cluster (normalize cluster up).\n");
        local.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        write(flinkConf().resolve("config.yaml"), yaml.toString());
        write(flinkConf().resolve("log4j.properties"), resource("flink/log4j.properties"));
        write(flinkConf().resolve("log4j-cli.properties"), resource("flink/log4j-cli.properties"));
    }

    /** Writes the broker's server.properties (the project's, then listeners and log folder) and its log4j file. */
    void writeKafkaConf(int port, int controllerPort) {
        StringBuilder p = new StringBuilder(resource("kafka/server.properties"));
        p.append("\n# This machine's local cluster (normalize cluster up).\n")
                .append("listeners=PLAINTEXT://" + Ports.HOST + ":" + port + ",CONTROLLER://" + Ports.HOST + ":"
                        + controllerPort + "\n")
                .append("advertised.listeners=PLAINTEXT://" + Ports.HOST + ":" + port + "\n")
                .append("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n")
                .append("controller.quorum.voters=1@" + Ports.HOST + ":" + controllerPort + "\n")
                .append("log.dirs=" + kafkaData() + "\n");
        write(kafkaConf().resolve("server.properties"), p.toString());
        write(kafkaConf().resolve("log4j2.properties"), resource("kafka/log4j2.properties"));
    }

    /** A file of the project's {@code deploy/} folder, as this jar carries it. */
    static String resource(String name) {
        try (InputStream in = ClusterFiles.class.getResourceAsStream("/deploy/" + name)) {
            if (in == null) {
                throw new IllegalStateException("deploy/" + name + " is missing from the normalize jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
