package io.streamingbatchnorm.cli;

import static io.streamingbatchnorm.cli.DockerFiles.DIR;
import static io.streamingbatchnorm.cli.DockerFiles.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.CommandLineArgs;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.flink.JobMain;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.kafka.ServingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deployment files in {@code docker/}, checked without a Docker engine: everything they refer to exists,
 * every image is pinned, every variable has a default, the health checks are there, and the commands they
 * run are ones the {@code normalize} command accepts.
 */
class DockerFilesTest {
    private static final JsonNode COMPOSE = DockerFiles.yaml("docker-compose.yml");
    private static final JsonNode SERVICES = COMPOSE.get("services");
    private static final String JAR = "cli/target/normalize.jar";
    private static final String JOB_JAR = "flink-job/target/streaming-batchnorm-job-*.jar";

    @Test
    void everyImageIsPinnedToAVersion() throws Exception {
        assertThat(SERVICES.properties())
                .isNotEmpty()
                .allSatisfy(e -> assertThat(DockerFiles.withDefaults(
                                e.getValue().path("image").asText()))
                        .as("image of %s", e.getKey())
                        .matches(DockerFiles::pinned, "pinned"));
        for (Path dockerfile : dockerfiles()) {
            List<String> from = DockerFiles.instructions(dockerfile).stream()
                    .filter(i -> i.startsWith("FROM "))
                    .toList();
            assertThat(from)
                    .as("%s", dockerfile)
                    .isNotEmpty()
                    .allSatisfy(i -> assertThat(i.split("\\s+")[1])
                            .as("%s: %s", dockerfile, i)
                            .matches(DockerFiles::pinned, "pinned"));
        }
    }

    @Test
    void everyVariableHasADefault() throws Exception {
        String compose = DockerFiles.text(DIR.resolve("docker-compose.yml"));
        Matcher m = DockerFiles.VARIABLE.matcher(compose);
        int variables = 0;
        while (m.find()) {
            variables++;
            assertThat(m.group(3)).as("%s has no default", m.group()).isEqualTo(":-");
        }
        assertThat(variables).isPositive();
        // Compose also substitutes $NAME; every $ must start a ${NAME:-default} (or be escaped as $$).
        assertThat(compose.replace("$$", "").replaceAll("\\$\\{[^}]*}", "")).doesNotContain("$");
    }

    @Test
    void everyBuildContextDockerfileAndMountedFileExists() throws Exception {
        for (var e : iterable(SERVICES)) {
            JsonNode build = e.getValue().get("build");
            if (build != null) {
                Path context = DIR.resolve(build.path("context").asText(".")).normalize();
                assertThat(context).as("context of %s", e.getKey()).isDirectory();
                assertThat(context.resolve(build.path("dockerfile").asText("Dockerfile")))
                        .isRegularFile();
            }
            for (JsonNode volume : e.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    Path mounted = DIR.resolve(source);
                    assertThat(mounted).as("mounted in %s", e.getKey()).exists();
                    if (Files.isDirectory(mounted)) {
                        try (Stream<Path> content = Files.list(mounted)) {
                            assertThat(content).as("mounted in %s", e.getKey()).isNotEmpty();
                        }
                    }
                } else {
                    assertThat(COMPOSE.path("volumes").has(source))
                            .as("volume %s of %s is declared", source, e.getKey())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyFileTheImagesCopyExistsAndPassesTheIgnoreFile() throws Exception {
        for (Path dockerfile : dockerfiles()) {
            List<String> ignore = Files.readAllLines(Path.of(dockerfile + ".dockerignore"));
            for (String copy : DockerFiles.instructions(dockerfile).stream()
                    .filter(i -> i.startsWith("COPY "))
                    .toList()) {
                List<String> words = new ArrayList<>(List.of(copy.split("\\s+")));
                words.removeIf(w -> w.startsWith("--") || w.equals("COPY"));
                String source = words.get(0);
                assertThat(ignore)
                        .as("%s.dockerignore lets %s through", dockerfile, source)
                        .contains("!" + source);
                if (source.equals(JAR)) {
                    // Built by the shade plugin in the package phase; checked where it is made.
                    assertThat(DockerFiles.text(REPOSITORY.resolve("cli/pom.xml")))
                            .contains("<outputFile>${project.build.directory}/normalize.jar</outputFile>");
                } else if (source.equals(JOB_JAR)) {
                    assertThat(DockerFiles.text(REPOSITORY.resolve("flink-job/pom.xml")))
                            .contains(
                                    "<outputFile>${project.build.directory}/streaming-batchnorm-job-${project.version}.jar"
                                            + "</outputFile>");
                } else {
                    assertThat(REPOSITORY.resolve(source)).exists();
                }
            }
        }
    }

    @Test
    void theLongRunningServicesHaveHealthChecksAndStartInOrder() {
        for (String name : List.of("kafka", "jobmanager", "taskmanager", "serving", "prometheus", "grafana")) {
            assertThat(DockerFiles.words(SERVICES.path(name).path("healthcheck").path("test")))
                    .as(name)
                    .isNotEmpty();
        }
        for (var e : iterable(SERVICES)) {
            for (var dependency : iterable(e.getValue().path("depends_on"))) {
                JsonNode target = SERVICES.get(dependency.getKey());
                assertThat(target)
                        .as("%s depends on %s", e.getKey(), dependency.getKey())
                        .isNotNull();
                if (dependency.getValue().path("condition").asText().equals("service_healthy")) {
                    assertThat(target.has("healthcheck")).isTrue();
                }
            }
        }
        assertThat(SERVICES.path("jobmanager")
                        .path("depends_on")
                        .path("topics")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void theJobJarRunsInApplicationModeWithFlagsItsMainClassAccepts() throws Exception {
        List<String> command = DockerFiles.words(SERVICES.path("jobmanager").path("command"));
        assertThat(command.subList(0, 3)).containsExactly("standalone-job", "--job-classname", JobMain.class.getName());
        assertThat(DockerFiles.text(DIR.resolve("flink-job.Dockerfile"))).contains(JOB_JAR);
        CommandLineArgs parsed =
                CommandLineArgs.parse(command.subList(3, command.size()).toArray(String[]::new), JobMain.OPTIONS);
        Map<String, String> job = new java.util.HashMap<>(parsed.options());
        job.keySet().retainAll(JobOptions.ALL.stream().map(ConfigOption::key).toList());
        assertThat(JobOptions.parse(job).bootstrapServers()).isEqualTo("kafka:9092");
        Map<String, String> normalization = new java.util.HashMap<>(parsed.options());
        normalization.keySet().removeAll(job.keySet());
        NormalizerOptions.parse(normalization);
        assertThat(parsed.settings())
                .as("no restart strategy: a checkpointed job gets Flink's default")
                .doesNotContainKey("restart-strategy.type");
        assertThat(command).contains("--checkpoint-dir");
        String checkpoints =
                command.get(command.indexOf("--checkpoint-dir") + 1).replace("file://", "");
        for (String flink : List.of("jobmanager", "taskmanager")) {
            assertThat(DockerFiles.words(SERVICES.path(flink).path("volumes"))).contains("checkpoints:" + checkpoints);
        }
    }

    @Test
    void theServingApplicationRunsWithFlagsTheServeCommandAccepts() throws Exception {
        List<String> instructions = DockerFiles.instructions(DIR.resolve("serving.Dockerfile"));
        List<String> args = new ArrayList<>(DockerFiles.execForm(instructions.stream()
                .filter(i -> i.startsWith("ENTRYPOINT"))
                .findFirst()
                .orElseThrow()));
        assertThat(args.subList(0, 4)).containsExactly("java", "-XX:MaxRAMPercentage=75", "-jar", "/app/normalize.jar");
        args.addAll(DockerFiles.words(SERVICES.path("serving").path("command")));
        CommandLine root = Normalize.commandLine();
        root.parseArgs(args.subList(4, args.size()).toArray(String[]::new));
        ServeCommand serve = root.getSubcommands().get("serve").getCommand();
        int port = ServingOptions.parse(serve.serving.text(), serve.kafkaProperties)
                .http()
                .port();
        assertThat(DockerFiles.words(SERVICES.path("serving").path("ports"))).containsExactly("8080:" + port);
        assertThat(String.join(
                        " ",
                        DockerFiles.words(
                                SERVICES.path("serving").path("healthcheck").path("test"))))
                .contains("localhost:" + port + "/health");
    }

    @Test
    void prometheusScrapesTheFlinkReportersOnTheirPorts() {
        JsonNode prometheus = DockerFiles.yaml("prometheus.yml");
        List<String> targets = new ArrayList<>();
        prometheus
                .path("scrape_configs")
                .forEach(c ->
                        c.path("static_configs").forEach(s -> s.path("targets").forEach(t -> targets.add(t.asText()))));
        assertThat(targets).contains("jobmanager:9249", "taskmanager:9249");
        for (String target : targets) {
            String host = target.split(":")[0];
            String port = target.split(":")[1];
            if (host.equals("localhost")) {
                assertThat(DockerFiles.words(SERVICES.path("prometheus").path("ports")))
                        .anyMatch(p -> p.endsWith(":" + port));
                continue;
            }
            if (host.equals("serving")) {
                // The serving application's query API answers GET /metrics on its --http-port.
                List<String> command =
                        DockerFiles.words(SERVICES.path("serving").path("command"));
                assertThat(command.get(command.indexOf("--http-port") + 1)).isEqualTo(port);
                continue;
            }
            Map<String, String> flink = DockerFiles.flinkProperties(SERVICES.path(host));
            assertThat(flink)
                    .as("FLINK_PROPERTIES of %s", host)
                    .containsEntry(
                            "metrics.reporter.prom.factory.class",
                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                    .containsEntry("metrics.reporter.prom.port", port);
        }
        assertThat(targets).contains("serving:8080");
        prometheus.path("scrape_configs").forEach(c -> {
            if (c.path("job_name").asText().equals("serving")) {
                assertThat(c.path("metrics_path").asText()).isEqualTo("/metrics");
            }
        });
        assertThat(DockerFiles.words(SERVICES.path("prometheus").path("volumes")))
                .contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void theTopicsAreCreatedAsTheJobAndTheServingApplicationExpectThem() {
        String script = DockerFiles.text(DIR.resolve("create-topics.sh"));
        assertThat(script)
                .contains(
                        "create control --partitions 1 --config retention.ms=-1 --config retention.bytes=-1\n",
                        "create feature-stats --partitions 1 --config cleanup.policy=compact\n");
        Stream.concat(
                        JobOptions.ALL.stream()
                                .filter(o -> o.key().endsWith("-topic"))
                                .map(ConfigOption::defaultText),
                        ServingOptions.ALL.stream()
                                .filter(o -> o.key().endsWith("-topic"))
                                .map(ConfigOption::defaultText))
                .forEach(topic -> assertThat(script).contains("create " + topic + " "));
        assertThat(DockerFiles.words(SERVICES.path("topics").path("volumes")).get(0))
                .endsWith(":ro")
                .contains(DockerFiles.words(SERVICES.path("topics").path("entrypoint"))
                        .get(1));
    }

    @Test
    void noFileHoldsACredential() throws Exception {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .toList()) {
                assertThat(DockerFiles.text(f))
                        .as("%s", f)
                        .doesNotContainPattern("(?i)(password|secret|token|sasl\\.jaas)\\S*\\s*[:=]");
            }
        }
    }

    private static List<Path> dockerfiles() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> out = files.filter(p -> p.getFileName().toString().endsWith(".Dockerfile"))
                    .sorted()
                    .toList();
            assertThat(out).hasSize(2);
            return out;
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node.properties();
    }
}
