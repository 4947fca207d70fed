package io.streamingbatchnorm.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The single directory holding a node's metadata log and topic data: either a temporary directory
 * owned (and finally deleted) by the broker, or a directory given by the caller and kept.
 */
final class LogDirectory {

    /** Written by formatting; its presence means the directory already belongs to a cluster. */
    private static final String META_PROPERTIES = "meta.properties";

    private final Path path;
    private final boolean temporary;

    private LogDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    static LogDirectory createTemporary() {
        try {
            return new LogDirectory(Files.createTempDirectory("embedded-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary Kafka log directory", e);
        }
    }

    static LogDirectory given(Path path) {
        try {
            return new LogDirectory(Files.createDirectories(path.toAbsolutePath()), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka log directory " + path, e);
        }
    }

    Path path() {
        return path;
    }

    boolean isTemporary() {
        return temporary;
    }

    /** The node id this directory was formatted for, if it was formatted before. */
    OptionalInt formattedNodeId() {
        Path meta = path.resolve(META_PROPERTIES);
        if (!Files.exists(meta)) {
            return OptionalInt.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + meta, e);
        }
        String nodeId = properties.getProperty("node.id");
        if (nodeId == null) {
            throw new IllegalStateException(meta + " has no node.id; delete the directory to start afresh");
        }
        return OptionalInt.of(Integer.parseInt(nodeId.trim()));
    }

    /**
     * Writes the cluster identity and bootstrap metadata (the latest production metadata version and
     * feature levels), as {@code kafka-storage.sh format} does; a KRaft node refuses to start on an
     * unformatted directory.
     */
    void format(int nodeId, String controllerListenerName) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(path.toString())
                    .setMetadataLogDirectory(path.toString())
                    .setControllerListenerName(controllerListenerName)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory " + path, e);
        }
    }

    void deleteIfTemporary() {
        if (!temporary) {
            return;
        }
        try {
            Utils.delete(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the Kafka log directory " + path, e);
        }
    }
}
