package io.streamingbatchnorm.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the build assembles for the local cluster: Flink's classpath ({@code flink/lib}), the broker's
 * ({@code kafka/libs}), both in {@code cluster-dist/target/dist}, and the job jar in {@code flink-job/target}.
 *
 * @param home the dist folder
 * @param java the Java executable every process runs with
 */
public record Dist(Path home, Path java) {
    /** The source checkout this code runs from, if it runs from one ({@code cli/target/...}). */
    public static Optional<Path> repository() {
        try {
            Path code = Path.of(Dist.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("cluster-dist")) && Files.isDirectory(p.resolve("deploy"))) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The dist folder the build makes next to this code, for a default. */
    public static Path defaultHome() {
        return repository()
                .map(r -> r.resolve("cluster-dist/target/dist"))
                .orElse(Path.of("cluster-dist", "target", "dist"))
                .toAbsolutePath();
    }

    /** The Java running this process, or {@code $JAVA_HOME/bin/java} when JAVA_HOME is set. */
    public static Path defaultJava() {
        String javaHome = System.getenv("JAVA_HOME");
        String home = javaHome == null || javaHome.isBlank() ? System.getProperty("java.home") : javaHome;
        return Path.of(home, "bin", "java");
    }

    /** Checks that both classpaths and the Java executable exist; says how to get them otherwise. */
    public Dist checked() {
        if (!Files.isExecutable(java)) {
            throw ClusterException.usage("--java: no Java executable at '" + java + "'; install Java 17 or newer "
                    + "and give its bin/java with --java (or set JAVA_HOME)");
        }
        for (Path lib : new Path[] {flinkLib(), kafkaLibs()}) {
            if (!Files.isDirectory(lib) || list(lib).findAny().isEmpty()) {
                throw ClusterException.failure("no Flink and Kafka libraries in '" + home + "'; build them with "
                        + "'mvn -B -pl cluster-dist package', or point --dist at a folder that has them");
            }
        }
        return this;
    }

    public Path flinkLib() {
        return home.resolve("flink/lib");
    }

    public Path kafkaLibs() {
        return home.resolve("kafka/libs");
    }

    /** The job jar built next to the dist folder, if there is one. */
    public Optional<Path> jobJar() {
        Path target = home.getParent() == null ? null : home.getParent().getParent();
        Path dir = target == null ? null : target.resolveSibling("flink-job").resolve("target");
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jars = list(dir)) {
            return jars.filter(p -> p.getFileName().toString().matches("streaming-batchnorm-job-.*\\.jar"))
                    .findFirst();
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
