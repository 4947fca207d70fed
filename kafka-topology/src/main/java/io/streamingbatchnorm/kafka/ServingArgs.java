package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.core.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line arguments: {@code --flag value} or {@code --flag=value} for the flags of
 * {@link ServingOptions}, {@code --kafka-property name=value} (repeatable) for a pass-through Kafka
 * client setting, and {@code --help}.
 */
record ServingArgs(Map<String, String> flags, Map<String, String> kafkaProperties, boolean help) {
    static final String KAFKA_PROPERTY = "kafka-property";

    static ServingArgs parse(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException(arg, "unexpected argument; flags are written --name value or --name=value");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigException(name, "needs a value");
            }
            if (name.equals(KAFKA_PROPERTY)) {
                int split = value.indexOf('=');
                if (split <= 0) {
                    throw new ConfigException(
                            KAFKA_PROPERTY, "must be written name=value, such as security.protocol=SSL");
                }
                properties.put(value.substring(0, split).trim(), value.substring(split + 1));
            } else {
                flags.put(name, value);
            }
        }
        return new ServingArgs(flags, properties, help);
    }

    /** The usage text, built from {@link ServingOptions#ALL}. */
    static String usage() {
        StringBuilder out = new StringBuilder("Usage: serve [--flag value]... [--kafka-property name=value]...\n\n");
        for (ServingOptions.Option o : ServingOptions.ALL) {
            out.append(String.format("  --%-20s %s%n", o.name(), o.description()));
            if (!o.defaultValue().isEmpty()) {
                out.append(String.format("  %-22s (default: %s)%n", "", o.defaultValue()));
            }
        }
        out.append(String.format(
                "  --%-20s %s%n",
                KAFKA_PROPERTY + " n=v",
                "One Kafka client setting, passed through (repeatable; wins over --kafka-properties)."));
        return out.toString();
    }
}
