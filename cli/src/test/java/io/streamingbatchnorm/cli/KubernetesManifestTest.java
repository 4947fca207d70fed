package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.streamingbatchnorm.cli.cluster.ClusterTopics;
import io.streamingbatchnorm.core.config.CommandLineArgs;
import io.streamingbatchnorm.flink.JobMain;
import io.streamingbatchnorm.flink.JobOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes/}: the FlinkDeployment is valid against the Flink Kubernetes Operator's own CRD schema
 * (taken from its API jar), with unknown fields refused as the API server's strict field validation refuses them;
 * the topic resources match the topics the job and the local cluster use.
 */
class KubernetesManifestTest {
    private static final Path DIR =
            Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theFlinkDeploymentIsValidAgainstTheOperatorsSchema() throws Exception {
        JsonNode manifest = YAML.readTree(DIR.resolve("flinkdeployment.yaml").toFile());
        assertThat(errors(manifest)).isEmpty();
        JsonNode spec = manifest.path("spec");
        assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(spec.path("job").path("entryClass").asText()).isEqualTo(JobMain.class.getName());
        assertThat(spec.path("flinkConfiguration")
                        .path("high-availability.type")
                        .asText())
                .isEqualTo("kubernetes");
        assertThat(spec.path("flinkConfiguration").has("execution.checkpointing.dir"))
                .isTrue();
        assertThat(spec.path("flinkConfiguration").has("execution.checkpointing.savepoint-dir"))
                .isTrue();
        List<String> args = new ArrayList<>();
        spec.path("job").path("args").forEach(a -> args.add(a.asText()));
        CommandLineArgs parsed = CommandLineArgs.parse(args.toArray(String[]::new), JobMain.OPTIONS);
        assertThat(parsed.options()).containsKey(JobOptions.BOOTSTRAP_SERVERS.key());
    }

    @Test
    void aMisspelledOrMistypedFieldIsCaught() throws Exception {
        ObjectNode misspelled =
                (ObjectNode) YAML.readTree(DIR.resolve("flinkdeployment.yaml").toFile());
        ObjectNode job = (ObjectNode) misspelled.path("spec").path("job");
        job.set("upgradMode", job.remove("upgradeMode"));
        assertThat(errors(misspelled)).anyMatch(m -> m.contains("upgradMode"));

        ObjectNode badValue =
                (ObjectNode) YAML.readTree(DIR.resolve("flinkdeployment.yaml").toFile());
        ((ObjectNode) badValue.path("spec").path("job")).put("upgradeMode", "snapshot");
        assertThat(errors(badValue)).anyMatch(m -> m.contains("upgradeMode"));

        ObjectNode badType =
                (ObjectNode) YAML.readTree(DIR.resolve("flinkdeployment.yaml").toFile());
        ((ObjectNode) badType.path("spec").path("job")).put("parallelism", "two");
        assertThat(errors(badType)).anyMatch(m -> m.contains("parallelism"));
    }

    @Test
    void theTopicResourcesAreTheClustersTopics() throws Exception {
        Map<String, ClusterTopics.Topic> declared = new HashMap<>();
        try (var parser =
                YAML.getFactory().createParser(DIR.resolve("kafka-topics.yaml").toFile())) {
            for (JsonNode t : YAML.readValues(parser, JsonNode.class).readAll()) {
                assertThat(t.path("kind").asText()).isEqualTo("KafkaTopic");
                Map<String, String> config = new HashMap<>();
                t.path("spec")
                        .path("config")
                        .properties()
                        .forEach(e -> config.put(e.getKey(), e.getValue().asText()));
                String name = t.path("metadata").path("name").asText();
                declared.put(
                        name,
                        new ClusterTopics.Topic(
                                name, t.path("spec").path("partitions").asInt(), config));
            }
        }
        Map<String, ClusterTopics.Topic> expected = new HashMap<>();
        ClusterTopics.ALL.forEach(t -> expected.put(t.name(), t));
        assertThat(declared).isEqualTo(expected);
    }

    /** What the API server would refuse in {@code manifest}, validated against the operator's schema. */
    private static List<String> errors(JsonNode manifest) throws IOException {
        JsonNode crd;
        try (InputStream in = KubernetesManifestTest.class.getResourceAsStream(
                "/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            assertThat(in).as("the CRD in flink-kubernetes-operator-api").isNotNull();
            crd = YAML.readTree(in);
        }
        JsonNode version = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (manifest.path("apiVersion")
                    .asText()
                    .equals("flink.apache.org/" + v.path("name").asText())) {
                version = v;
            }
        }
        assertThat(version)
                .as("a CRD version for %s", manifest.path("apiVersion"))
                .isNotNull();
        ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
        strict(schema);
        // Every Kubernetes object has these; the API server checks them, not the CRD's schema.
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties
                .putObject("kind")
                .put("type", "string")
                .putArray("enum")
                .add(crd.path("spec").path("names").path("kind").asText());
        properties.putObject("metadata").put("type", "object");
        JsonSchema validator =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        Set<ValidationMessage> messages = validator.validate(manifest);
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.getMessage()));
        return out;
    }

    /**
     * Refuses fields the schema does not declare, as Kubernetes' strict field validation does (kubectl's default
     * since 1.27); a CRD schema says nothing about unknown fields, which the API server otherwise drops silently.
     * Objects marked x-kubernetes-preserve-unknown-fields and maps (additionalProperties) keep what they have.
     */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties")
                    && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                o.put("additionalProperties", false);
            }
            o.forEach(KubernetesManifestTest::strict);
        } else if (node.isArray()) {
            node.forEach(KubernetesManifestTest::strict);
        }
    }
}
