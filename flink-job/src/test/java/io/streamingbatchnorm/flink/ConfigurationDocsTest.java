package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.NormalizerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration tables list every flag with the default the code uses. */
class ConfigurationDocsTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    private static String row(String name, String defaultValue) {
        return "| `--" + name + "` | " + (defaultValue.isEmpty() ? "(none)" : "`" + defaultValue + "`") + " |";
    }

    @Test
    void everyNormalizationFlagIsDocumentedWithItsDefault() throws IOException {
        String readme = readme();
        for (NormalizerOptions.Option o : NormalizerOptions.ALL) {
            assertThat(readme).contains(row(o.name(), o.defaultValue()));
        }
    }

    @Test
    void everyJobFlagIsDocumentedWithItsDefault() throws IOException {
        String readme = readme();
        for (JobOptions.Option o : JobOptions.ALL) {
            assertThat(readme).contains(row(o.name(), o.defaultValue()));
        }
    }
}
