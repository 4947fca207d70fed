package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema this library can read, by fingerprint: the current schema of each record plus every
 * released version from the {@link SchemaHistory}. Immutable and thread-safe; it is the {@link SchemaStore}
 * behind the single-object decoders, and the lookup engines use to report which schema they run.
 */
public final class SchemaCatalog implements SchemaStore {
    private static final List<Schema> CURRENT = List.of(
            FeatureRecord.getClassSchema(),
            NormalizedRecord.getClassSchema(),
            StatsSnapshot.getClassSchema(),
            ControlCommand.getClassSchema(),
            DeadLetter.getClassSchema(),
            DriftEvent.getClassSchema());

    private final Map<String, Schema> currentByName;
    private final Map<Long, Schema> byFingerprint;
    private final List<ReleasedSchema> released;

    private SchemaCatalog(List<ReleasedSchema> released) {
        Map<String, Schema> names = new LinkedHashMap<>();
        Map<Long, Schema> fingerprints = new LinkedHashMap<>();
        for (Schema schema : CURRENT) {
            names.put(schema.getFullName(), schema);
            fingerprints.put(fingerprint(schema), schema);
        }
        // A released version with the current canonical form (only docs or defaults differ) is
        // binary-identical, so the current schema stands for it.
        for (ReleasedSchema old : released) {
            fingerprints.putIfAbsent(old.fingerprint(), old.schema());
        }
        this.currentByName = Collections.unmodifiableMap(names);
        this.byFingerprint = Collections.unmodifiableMap(fingerprints);
        this.released = List.copyOf(released);
    }

    /** The catalog of this library: current schemas and the released history on the classpath. */
    public static SchemaCatalog standard() {
        return Holder.STANDARD;
    }

    /** A catalog of the current schemas plus the given released versions (tests, tools). */
    public static SchemaCatalog withReleased(List<ReleasedSchema> released) {
        return new SchemaCatalog(released);
    }

    /** The CRC-64-AVRO fingerprint of a schema's parsing canonical form, as single-object encoding uses. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A fingerprint as 16 hex digits, the form used in messages and logs. */
    public static String hex(long fingerprint) {
        return String.format("%016X", fingerprint);
    }

    /** The current schema of each record by full name, such as {@code io.streamingbatchnorm.avro.FeatureRecord}. */
    public Map<String, Schema> current() {
        return currentByName;
    }

    /** The released versions this catalog was built with, in history order. */
    public List<ReleasedSchema> released() {
        return released;
    }

    /** Every known writer schema by fingerprint. */
    public Map<Long, Schema> byFingerprint() {
        return byFingerprint;
    }

    /** The fingerprints of every known writer schema. */
    public Set<Long> fingerprints() {
        return byFingerprint.keySet();
    }

    /** The writer schema with this fingerprint, if known. */
    public Optional<Schema> lookup(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** The writer schema with this fingerprint, or null: the {@link SchemaStore} contract. */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** Every known writer schema of one record (current first), by its full name. */
    public List<Schema> versionsOf(String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (Schema schema : byFingerprint.values()) {
            if (schema.getFullName().equals(fullName)) {
                versions.add(schema);
            }
        }
        return versions;
    }

    // The history is read from the classpath on first use, not whenever this class is loaded.
    private static final class Holder {
        static final SchemaCatalog STANDARD = new SchemaCatalog(SchemaHistory.load());
    }
}
