package io.streamingbatchnorm.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.config.OptionTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The flag table of {@code docs/serving.md} is the one {@link ServingOptions} defines, so they cannot drift. */
class ServingDocsTest {
    private static final Path DOC = Path.of("..", "docs", "serving.md");

    /** The table as the documentation writes it: flag, default, meaning. */
    static String flagTable() {
        return OptionTable.markdown(ServingOptions.ALL);
    }

    @Test
    void theFlagTableMatchesTheCode() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);

        assertThat(doc).contains(flagTable());
    }
}
