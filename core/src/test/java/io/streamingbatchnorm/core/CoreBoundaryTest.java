package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core is plain Java so that every engine can call the same math: no import outside {@code java.*} and the
 * core's own packages.
 */
class CoreBoundaryTest {
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)");

    @Test
    void mainSourcesImportOnlyJavaPackages() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> offending = new ArrayList<>();
        int files;
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> sources =
                    paths.filter(p -> p.toString().endsWith(".java")).toList();
            files = sources.size();
            for (Path p : sources) {
                for (String line : Files.readAllLines(p)) {
                    Matcher m = IMPORT.matcher(line);
                    if (m.find()
                            && !m.group(2).startsWith("java.")
                            && !m.group(2).startsWith("io.streamingbatchnorm.core.")) {
                        offending.add(root.relativize(p) + ": " + line.trim());
                    }
                    if (line.contains("org.apache.") || line.contains("com.fasterxml.")) {
                        offending.add(root.relativize(p) + ": " + line.trim());
                    }
                }
            }
        }
        assertThat(files).isGreaterThan(10);
        assertThat(offending).isEmpty();
    }
}
