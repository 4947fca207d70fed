package io.streamingbatchnorm.flink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.flink.JobMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar handed to {@code flink run} and to the job image carries only what a Flink distribution lacks:
 * a cluster brings Flink itself, and a second copy of Flink's classes in the jar would shadow or clash with it.
 */
class JobJarITCase {
    /** Built in the package phase, which runs before the integration tests. */
    static final Path JAR = Path.of("target", "streaming-batchnorm-job-" + version() + ".jar");

    /** Class folders that must never be in the job jar: Flink's own (the connector excepted) and local tools. */
    private static final List<String> FORBIDDEN = List.of(
            "org/apache/flink/",
            "io/streamingbatchnorm/embedded/",
            "kafka/server/",
            "picocli/",
            "org/jfree/",
            "org/junit/",
            "junit/",
            "org/rocksdb/",
            "org/apache/logging/log4j/",
            "org/slf4j/");

    /** The Kafka connector is not part of a Flink distribution: the job jar must bring it. */
    private static final List<String> CONNECTOR = List.of(
            "org/apache/flink/connector/kafka/",
            "org/apache/flink/streaming/connectors/kafka/",
            "org/apache/flink/streaming/util/serialization/");

    @Test
    void holdsTheJobAndWhatAFlinkDistributionLacksAndNothingElse() throws IOException {
        assertThat(JAR).as("the job jar is built by 'mvn package'").isRegularFile();
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Collections.list(jar.entries()).stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class"))
                    .forEach(names::add);
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(JobMain.class.getName());
        }
        System.out.printf("job jar %s: %,d bytes, %,d classes%n", JAR.getFileName(), Files.size(JAR), names.size());

        assertThat(names)
                .filteredOn(n -> FORBIDDEN.stream().anyMatch(n::startsWith))
                .filteredOn(n -> CONNECTOR.stream().noneMatch(n::startsWith))
                .as("classes a Flink cluster provides, or that only local tools need")
                .isEmpty();
        assertThat(names)
                .contains(
                        "io/streamingbatchnorm/flink/JobMain.class",
                        "io/streamingbatchnorm/core/NormalizerConfig.class",
                        "io/streamingbatchnorm/avro/FeatureRecord.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class",
                        "org/apache/avro/Schema.class");
        assertThat(Files.size(JAR)).as("bytes").isLessThan(40L * 1024 * 1024);
    }

    private static String version() {
        String v = System.getProperty("project.version");
        if (v != null) {
            return v;
        }
        try {
            String pom = Files.readString(Path.of("pom.xml"));
            int parent = pom.indexOf("<parent>");
            int start = pom.indexOf("<version>", parent) + "<version>".length();
            return pom.substring(start, pom.indexOf("</version>", start)).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the project version from pom.xml", e);
        }
    }
}
