package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** The released schema history: loadable, complete, and readable by the current schemas. */
class SchemaHistoryTest {
    private static final Path HISTORY_SOURCE = Path.of("src/main/avro/history");

    @Test
    void currentSchemasReadEveryReleasedVersion() {
        // Passes vacuously while nothing has been released; every released file adds a checked pair.
        assertThat(incompatiblePairs(SchemaHistory.load())).isEmpty();
    }

    @Test
    void theCompatibilityCheckAcceptsAnOlderDraft() {
        List<ReleasedSchema> history = SchemaHistory.load(getClass().getClassLoader(), "evolution/");

        assertThat(history).hasSize(1);
        assertThat(incompatiblePairs(history)).isEmpty();
    }

    @Test
    void theCompatibilityCheckCatchesAnUnreadableVersion() {
        List<ReleasedSchema> history = SchemaHistory.load(getClass().getClassLoader(), "incompatible/");

        assertThat(incompatiblePairs(history)).singleElement().asString().contains("FeatureRecord.text-values.avsc");
    }

    @Test
    void theIndexListsExactlyTheSchemaFilesOfTheHistoryDirectory() throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(HISTORY_SOURCE)) {
            paths.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".avsc"))
                    .forEach(files::add);
        }
        List<String> indexed = SchemaHistory.readIndex(getClass().getClassLoader(), SchemaHistory.RESOURCE_DIRECTORY);

        assertThat(indexed).containsExactlyInAnyOrderElementsOf(files).doesNotHaveDuplicates();
        assertThat(HISTORY_SOURCE.resolve("README.md")).exists();
    }

    @Test
    void theStandardCatalogKnowsTheCurrentAndReleasedFingerprints() {
        SchemaCatalog catalog = SchemaCatalog.standard();

        for (Schema current : catalog.current().values()) {
            assertThat(catalog.findByFingerprint(SchemaCatalog.fingerprint(current)))
                    .isSameAs(current);
            assertThat(catalog.versionsOf(current.getFullName())).first().isSameAs(current);
        }
        for (ReleasedSchema released : catalog.released()) {
            assertThat(catalog.lookup(released.fingerprint())).isPresent();
        }
    }

    @Test
    void aMissingIndexIsReportedWithItsPath() {
        assertThatThrownBy(() -> SchemaHistory.load(getClass().getClassLoader(), "no/such/dir"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no/such/dir/index.txt");
    }

    /** Every released schema the current schema of the same record cannot read, with the reason. */
    private static List<String> incompatiblePairs(List<ReleasedSchema> history) {
        SchemaCatalog catalog = SchemaCatalog.withReleased(history);
        List<String> problems = new ArrayList<>();
        for (ReleasedSchema released : history) {
            Schema reader = catalog.current().get(released.schema().getFullName());
            if (reader == null) {
                problems.add(released.source() + ": no current record named "
                        + released.schema().getFullName());
                continue;
            }
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, released.schema());
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(released.source() + ": " + result.getResult().getIncompatibilities());
            }
        }
        return problems;
    }
}
