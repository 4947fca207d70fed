package io.streamingbatchnorm.core.config;

import io.streamingbatchnorm.core.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Reads a Java properties file of client settings, which may hold credentials: errors never echo its contents. */
public final class PropertiesFile {
    private PropertiesFile() {}

    /**
     * The properties in {@code path}; a blank path means none.
     *
     * @param option the option that named the file, for the message when it cannot be read
     */
    public static Properties read(String path, ConfigOption<?> option) {
        Properties p = new Properties();
        if (path == null || path.isBlank()) {
            return p;
        }
        try (Reader reader = Files.newBufferedReader(Path.of(path.trim()), StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(
                    option.key(),
                    "cannot read the properties file " + path.trim() + ": "
                            + e.getClass().getSimpleName()
                            + (e instanceof java.nio.file.NoSuchFileException ? " (no such file)" : ""));
        }
        return p;
    }
}
