package io.streamingbatchnorm.core.config;

import io.streamingbatchnorm.core.ConfigException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values of a set of options, parsed and checked from their text (flags, a properties file, a map in a
 * test); an option without text has its default.
 */
public final class OptionValues {
    private final Map<String, ConfigOption<?>> known;
    private final Map<String, Object> values;

    private OptionValues(Map<String, ConfigOption<?>> known, Map<String, Object> values) {
        this.known = known;
        this.values = values;
    }

    /**
     * Parses {@code text} (option key to value as written) against the options of {@code known}.
     *
     * @throws ConfigException naming the key of an unknown option or of a refused value
     */
    public static OptionValues parse(Collection<? extends ConfigOption<?>> known, Map<String, String> text) {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        for (ConfigOption<?> o : known) {
            byKey.put(o.key(), o);
        }
        for (String key : text.keySet()) {
            if (!byKey.containsKey(key)) {
                throw new ConfigException(key, "unknown option; known: " + String.join(", ", byKey.keySet()));
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (ConfigOption<?> o : byKey.values()) {
            values.put(o.key(), o.parse(text.get(o.key())));
        }
        return new OptionValues(byKey, values);
    }

    /**
     * The value of {@code option}: the parsed text, or its default.
     *
     * @throws IllegalArgumentException if the option is not one these values were parsed for
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        if (known.get(option.key()) != option) {
            throw new IllegalArgumentException(option.flag() + " is not one of " + known.keySet());
        }
        return (T) values.get(option.key());
    }

    /** The keys of {@code options}, comma-separated, for messages. */
    public static String keys(List<? extends ConfigOption<?>> options) {
        return options.stream().map(ConfigOption::key).collect(Collectors.joining(", "));
    }
}
