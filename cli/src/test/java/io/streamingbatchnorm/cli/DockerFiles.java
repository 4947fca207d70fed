package io.streamingbatchnorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the files of {@code docker/} as Docker would: YAML, variables with defaults, Dockerfile instructions. */
final class DockerFiles {
    /** The repository's docker directory, seen from the cli module where the tests run. */
    static final Path DIR = Path.of("..", "docker").toAbsolutePath().normalize();

    static final Path REPOSITORY = DIR.getParent();
    /** {@code ${NAME}}, {@code ${NAME:-default}} or {@code ${NAME-default}}. */
    static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)((:?-)([^}]*))?}");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DockerFiles() {}

    static JsonNode yaml(String name) {
        try {
            return YAML.readTree(DIR.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} with every variable replaced by its default, as Compose does when none is set. */
    static String withDefaults(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(4) == null ? "" : m.group(4)));
        }
        return m.appendTail(out).toString();
    }

    /** A list node's items, or a string node split at spaces, with variables at their defaults. */
    static List<String> words(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(withDefaults(n.asText())));
        } else {
            out.addAll(List.of(withDefaults(node.asText()).trim().split("\\s+")));
        }
        return out;
    }

    /** The {@code key: value} lines of a service's FLINK_PROPERTIES, as the Flink image's entry point reads them. */
    static Map<String, String> flinkProperties(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode properties = service.path("environment").path("FLINK_PROPERTIES");
        for (String line : properties.asText().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** The instructions of a Dockerfile, continuation lines joined, comments dropped. */
    static List<String> instructions(Path dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text(dockerfile).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            boolean continued = trimmed.endsWith("\\");
            current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed)
                    .append(' ');
            if (!continued) {
                out.add(current.toString().trim());
                current.setLength(0);
            }
        }
        return out;
    }

    /** The words of a JSON-array (exec form) instruction such as {@code ENTRYPOINT ["java", "-jar"]}. */
    static List<String> execForm(String instruction) {
        try {
            List<String> out = new ArrayList<>();
            YAML.readTree(instruction.substring(instruction.indexOf('['))).forEach(n -> out.add(n.asText()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image reference pinned to a version: a tag with a digit, never {@code latest}. */
    static boolean pinned(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash || colon < 0) {
            return false;
        }
        String tag = image.substring(colon + 1);
        return !tag.isEmpty() && !tag.contains("latest") && tag.matches(".*\\d.*") && tag.matches("[\\w][\\w.-]*");
    }
}
