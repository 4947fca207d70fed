package io.streamingbatchnorm.cli.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What {@code up} started, kept in the working directory so that {@code status}, {@code logs} and {@code down}
 * (later, from another process) find the same cluster: ports, the dist it runs from, and each process's id.
 */
final class ClusterState {
    static final String FILE = "cluster.properties";

    private final Path file;
    private final Properties values = new Properties();

    private ClusterState(Path file) {
        this.file = file;
    }

    static ClusterState create(Path workDir) {
        return new ClusterState(workDir.resolve(FILE));
    }

    /** The state of the cluster in {@code workDir}; fails with the fix if none was started there. */
    static ClusterState load(Path workDir) {
        ClusterState s = new ClusterState(workDir.resolve(FILE));
        if (!Files.isRegularFile(s.file)) {
            throw ClusterException.failure("no local cluster is up in '" + workDir + "'; start one with "
                    + "'normalize cluster up' (or give its --dir)");
        }
        try (InputStream in = Files.newInputStream(s.file)) {
            s.values.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + s.file, e);
        }
        return s;
    }

    static boolean exists(Path workDir) {
        return Files.isRegularFile(workDir.resolve(FILE));
    }

    String get(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(file + " has no " + key + "; stop what runs with 'normalize cluster down'");
        }
        return v;
    }

    int port(String key) {
        return Integer.parseInt(get(key));
    }

    void put(String key, Object value) {
        values.setProperty(key, String.valueOf(value));
        save();
    }

    void remove(String key) {
        values.remove(key);
        save();
    }

    /** Process name to process id, for every process started and not yet stopped. */
    Map<String, Long> pids() {
        Map<String, Long> out = new TreeMap<>();
        for (String k : values.stringPropertyNames()) {
            if (k.startsWith("pid.")) {
                out.put(k.substring(4), Long.parseLong(values.getProperty(k)));
            }
        }
        return out;
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private void save() {
        try (OutputStream out = Files.newOutputStream(file)) {
            values.store(out, "local cluster started by 'normalize cluster up'");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
