package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The metrics table of the operations guide names every metric of {@link JobMetrics}, so they cannot drift apart. */
class MonitoringDocsTest {

    @Test
    void everyMetricOfTheJobIsInTheMonitoringTable() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "operations.md"));

        for (String name : JobMetrics.ALL) {
            String shown =
                    name.startsWith(JobMetrics.DEAD_LETTERS + ".") ? JobMetrics.DEAD_LETTERS + ".<REASON>" : name;
            assertThat(doc).as(name).contains("`" + shown + "`");
        }
    }
}
