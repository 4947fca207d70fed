package io.streamingbatchnorm.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Loads the released schema versions kept in the schema history, a classpath resource directory
 * (source: {@code schemas/src/main/avro/history/}).
 *
 * <p>The directory's {@code index.txt} names one {@code .avsc} file per line ({@code #} starts a
 * comment); resources cannot be listed portably from a jar, so the index is the source of truth. Each
 * file holds one self-contained record schema (enums inlined), exactly as it was released.
 */
public final class SchemaHistory {
    /** Classpath directory of the released schemas. */
    public static final String RESOURCE_DIRECTORY = "io/streamingbatchnorm/avro/history/";

    /** Name of the index file inside a history directory. */
    public static final String INDEX = "index.txt";

    private SchemaHistory() {}

    /** Loads the history shipped with this library. */
    public static List<ReleasedSchema> load() {
        return load(SchemaHistory.class.getClassLoader(), RESOURCE_DIRECTORY);
    }

    /**
     * Loads the history in {@code directory} (a classpath path ending in {@code /}).
     *
     * @throws IllegalStateException if the index or a file it names is missing or not a valid schema
     */
    public static List<ReleasedSchema> load(ClassLoader loader, String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        List<ReleasedSchema> released = new ArrayList<>();
        for (String file : readIndex(loader, prefix)) {
            released.add(new ReleasedSchema(file, parse(loader, prefix + file)));
        }
        return List.copyOf(released);
    }

    /** The file names listed in a history directory's index, in order. */
    public static List<String> readIndex(ClassLoader loader, String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        String resource = prefix + INDEX;
        List<String> files = new ArrayList<>();
        try (InputStream in = open(loader, resource);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int comment = line.indexOf('#');
                String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
                if (!name.isEmpty()) {
                    files.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema history index " + resource, e);
        }
        return List.copyOf(files);
    }

    private static Schema parse(ClassLoader loader, String resource) {
        // A fresh parser per file: two versions of one record share a full name and would clash.
        try (InputStream in = open(loader, resource)) {
            Schema schema = new Schema.Parser().parse(in);
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalStateException(
                        "schema history file " + resource + " must hold a record schema, not " + schema.getType());
            }
            return schema;
        } catch (IOException | SchemaParseException e) {
            throw new IllegalStateException(
                    "schema history file " + resource
                            + " is not a valid self-contained Avro schema (inline the enums it uses): "
                            + e.getMessage(),
                    e);
        }
    }

    private static InputStream open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("schema history resource " + resource
                    + " not found on the classpath: every file named in " + INDEX + " must exist");
        }
        return in;
    }
}
