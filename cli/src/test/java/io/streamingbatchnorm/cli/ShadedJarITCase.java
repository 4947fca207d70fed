package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code normalize.jar} runs on its own: services merged (Flink finds its executors and file
 * systems), log4j configured from the jar's log4j2.xml with its plugins, exit codes passed to the shell.
 */
class ShadedJarITCase {
    private static final Path JAR = Path.of("target", "normalize.jar");

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    /** The package phase builds the jar before failsafe runs: a missing jar is a broken build, not a reason to skip. */
    @BeforeAll
    static void theJarIsBuilt() {
        assertThat(JAR).as("the shaded jar, built in the package phase").isRegularFile();
    }

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("java " + String.join(" ", args) + " did not end within 3 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theJarReplaysWithItsOwnLoggingConfiguration() throws Exception {
        Path in = Files.write(
                dir.resolve("in.jsonl"),
                List.of(
                        "{\"key\":\"k\",\"event_time\":1700000000000,\"values\":[1.0,2.0],\"id\":\"a\"}",
                        "{\"key\":\"k\",\"event_time\":1700000000100,\"values\":[3.0,null],\"id\":\"b\"}",
                        "not json"));

        Run r = java(
                "-Dlog4j2.debug=true",
                "-jar",
                JAR.toString(),
                "replay",
                "--input",
                in.toString(),
                "--output",
                dir.resolve("out.jsonl").toString(),
                "--batch-size",
                "2");

        assertThat(r.exitCode()).as("stderr: %s", r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("out.dlq.jsonl"))).hasSize(1);
        assertThat(r.err()).contains("replay: 3 records in, 2 normalized, 1 dead letter (UNPARSEABLE 1), 1 key, ");
        // log4j's own status output (on stdout with log4j2.debug) shows which configuration it loaded.
        assertThat(r.out())
                .contains("XmlConfiguration[location=jar:file:", "normalize.jar!/log4j2.xml")
                .doesNotContain("ERROR StatusLogger", " ERROR Unable to");
    }

    @Test
    void theJarCarriesTheWeatherDataOfTheDemo() throws Exception {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(JAR.toFile())) {
            assertThat(jar.getEntry("datasets/weather.jsonl")).isNotNull();
            assertThat(jar.getEntry("datasets/weather-control.jsonl")).isNotNull();
            assertThat(jar.getEntry("datasets/README.md"))
                    .as("the data's attribution")
                    .isNotNull();
            assertThat(jar.getEntry("datasets/weather.jsonl").getSize())
                    .isEqualTo(Files.size(Path.of("..", "examples", "weather.jsonl")));
        }
    }

    @Test
    void exitCodesReachTheShell() throws Exception {

        Run badFlag = java("-jar", JAR.toString(), "replay", "--input", "x", "--output", "y", "--momentum", "1.5");
        Run version = java("-jar", JAR.toString(), "--version");

        assertThat(badFlag.exitCode()).isEqualTo(2);
        assertThat(badFlag.err()).startsWith("normalize replay: --momentum: must be in [0, 1)");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("normalize 0.");
    }
}
