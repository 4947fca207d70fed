package io.streamingbatchnorm.schemas;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A schema version that was released, loaded from the schema history.
 *
 * @param source the resource name it was loaded from, for error messages
 * @param schema the parsed writer schema
 */
public record ReleasedSchema(String source, Schema schema) {

    /** Validates that both parts are present. */
    public ReleasedSchema {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(schema, "schema");
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form. */
    public long fingerprint() {
        return SchemaCatalog.fingerprint(schema);
    }
}
