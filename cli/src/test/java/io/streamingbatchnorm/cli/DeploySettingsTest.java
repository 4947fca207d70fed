package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamingbatchnorm.cli.cluster.ClusterTopics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The local cluster ({@code deploy/}) and the Docker deployment ({@code docker/}) run with the same Flink and Kafka
 * settings and the same topics; only what differs by nature (addresses, listeners, the metrics reporter of the
 * Docker image) is each one's own.
 */
class DeploySettingsTest {
    private static final Path DEPLOY = DockerFiles.REPOSITORY.resolve("deploy");
    private static final JsonNode SERVICES =
            DockerFiles.yaml("docker-compose.yml").get("services");
    /** Settings Flink's distribution (and so the Docker image) has in its own config.yaml. */
    private static final Set<String> DISTRIBUTION = Set.of("env.java.default-opts.all");
    /** Docker's own: the JobManager's host name in the compose network, and the image's Prometheus reporter. */
    private static final Pattern DOCKER_ONLY = Pattern.compile("jobmanager\\.rpc\\.address|metrics\\.reporter\\..*");
    /** Where each deployment listens and keeps data. */
    private static final Set<String> LISTENERS = Set.of(
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.quorum.voters",
            "log.dirs",
            "cluster.id");

    @Test
    void flinkSettingsAreTheSame() throws IOException {
        Map<String, String> local = flinkConfig();
        Map<String, String> jobManager = DockerFiles.flinkProperties(SERVICES.path("jobmanager"));
        Map<String, String> taskManager = DockerFiles.flinkProperties(SERVICES.path("taskmanager"));
        local.forEach((key, value) -> {
            if (DISTRIBUTION.contains(key)) {
                return;
            }
            if (!key.startsWith("taskmanager.")) {
                assertThat(jobManager).as("jobmanager FLINK_PROPERTIES").containsEntry(key, value);
            }
            if (!key.startsWith("jobmanager.")) {
                assertThat(taskManager).as("taskmanager FLINK_PROPERTIES").containsEntry(key, value);
            }
        });
        for (Map<String, String> docker : java.util.List.of(jobManager, taskManager)) {
            docker.keySet().stream()
                    .filter(k -> !DOCKER_ONLY.matcher(k).matches())
                    .forEach(k ->
                            assertThat(local).as("deploy/flink/config.yaml").containsKey(k));
        }
    }

    @Test
    void kafkaSettingsAreTheSame() throws IOException {
        Properties server = new Properties();
        try (Reader r = Files.newBufferedReader(DEPLOY.resolve("kafka/server.properties"))) {
            server.load(r);
        }
        Map<String, String> local = new HashMap<>();
        server.stringPropertyNames().forEach(k -> local.put(k, server.getProperty(k)));
        Map<String, String> docker = new HashMap<>();
        SERVICES.path("kafka").path("environment").properties().forEach(e -> {
            if (e.getKey().startsWith("KAFKA_") || e.getKey().equals("CLUSTER_ID")) {
                String key =
                        e.getKey().replaceFirst("^KAFKA_", "").toLowerCase().replace('_', '.');
                docker.put(key, DockerFiles.withDefaults(e.getValue().asText()));
            }
        });
        docker.keySet().removeAll(LISTENERS);
        assertThat(docker).isEqualTo(local);
    }

    @Test
    void theTopicScriptCreatesTheLocalClustersTopics() {
        String script = DockerFiles.text(DockerFiles.DIR.resolve("create-topics.sh"));
        Matcher m =
                Pattern.compile("(?m)^create (\\S+) --partitions (\\S+)(.*)$").matcher(script);
        Map<String, ClusterTopics.Topic> created = new LinkedHashMap<>();
        while (m.find()) {
            int partitions = m.group(2).equals("\"$partitions\"")
                    ? ClusterTopics.FEATURE_PARTITIONS
                    : Integer.parseInt(m.group(2));
            Map<String, String> config = new HashMap<>();
            Matcher c = Pattern.compile("--config (\\S+)=(\\S+)").matcher(m.group(3));
            while (c.find()) {
                config.put(c.group(1), c.group(2));
            }
            created.put(m.group(1), new ClusterTopics.Topic(m.group(1), partitions, config));
        }
        Map<String, ClusterTopics.Topic> local = new LinkedHashMap<>();
        ClusterTopics.ALL.forEach(t -> local.put(t.name(), t));
        assertThat(created).isEqualTo(local);
        assertThat(script).contains("partitions=\"${FEATURE_PARTITIONS:-" + ClusterTopics.FEATURE_PARTITIONS + "}\"");
    }

    /** deploy/flink/config.yaml as flat keys, the way this project writes it. */
    private static Map<String, String> flinkConfig() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("flink/config.yaml"))) {
            String t = line.strip();
            int colon = t.indexOf(": ");
            if (!t.isEmpty() && !t.startsWith("#") && colon > 0) {
                out.put(t.substring(0, colon), t.substring(colon + 2).strip());
            }
        }
        return out;
    }
}
