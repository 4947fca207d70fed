package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.OptionTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration tables are the ones the option constants generate, so they cannot drift. */
class ConfigurationDocsTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void theNormalizationTableIsTheOneTheOptionsGenerate() throws IOException {
        assertThat(readme()).contains(OptionTable.markdown(NormalizerOptions.ALL));
    }

    @Test
    void theReplayTableIsTheOneTheOptionsGenerate() throws IOException {
        assertThat(readme()).contains(OptionTable.markdown(io.streamingbatchnorm.flink.replay.ReplayOptions.ALL));
    }

    @Test
    void theJobTableIsTheOneTheOptionsGenerate() throws IOException {
        assertThat(readme()).contains(OptionTable.markdown(JobOptions.ALL));
    }
}
