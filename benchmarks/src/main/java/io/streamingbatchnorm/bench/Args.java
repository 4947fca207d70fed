package io.streamingbatchnorm.bench;

import io.streamingbatchnorm.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} flags of one benchmark. Each getter names its default; a flag that no getter
 * asked for is reported by {@link #requireAllUsed()}, so a misspelt flag is not silently ignored.
 */
public final class Args {
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    private Args(Map<String, String> values) {
        this.values = values;
    }

    public static Args parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value, got '" + a + "'");
            }
            values.put(a.substring(2), args[++i]);
        }
        return new Args(values);
    }

    public String string(String name, String defaultValue) {
        used.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    public int integer(String name, int defaultValue) {
        String v = string(name, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public Duration duration(String name, String defaultValue) {
        return Durations.parse(name, string(name, defaultValue));
    }

    /** A comma-separated list. */
    public List<String> list(String name, String defaultValue) {
        List<String> out = new ArrayList<>();
        for (String s : string(name, defaultValue).split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** A comma-separated list of {@code key=value} pairs, in their order. */
    public Map<String, String> pairs(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : list(name, "")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--" + name + " takes key=value pairs, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    /** Fails on a flag that no getter read. */
    public void requireAllUsed() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
        }
    }
}
