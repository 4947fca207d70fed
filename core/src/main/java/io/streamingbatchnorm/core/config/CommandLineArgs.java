package io.streamingbatchnorm.core.config;

import io.streamingbatchnorm.core.ConfigException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of an entry point that has no command-line library (the job jar's main class): {@code --key
 * value}, {@code --key=value}, a true/false option written alone ({@code --bounded}), and {@code -Dname=value}
 * or {@code -D name=value} settings passed on to the framework. Values stay text; the options parse them.
 *
 * @param options option key to text, for the options given
 * @param settings the {@code -D} settings, in order
 * @param help whether {@code --help} or {@code -h} was given
 */
public record CommandLineArgs(Map<String, String> options, Map<String, String> settings, boolean help) {

    /**
     * Splits {@code args} against {@code known}.
     *
     * @throws ConfigException naming the flag of an unknown option, a missing value or a malformed setting
     */
    public static CommandLineArgs parse(String[] args, Collection<? extends ConfigOption<?>> known) {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        known.forEach(o -> byKey.put(o.key(), o));
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("-D")) {
                String setting = arg.length() > 2 ? arg.substring(2) : next(args, ++i, "-D");
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException("D", "'" + setting + "' must be written name=value");
                }
                settings.put(
                        setting.substring(0, eq).trim(),
                        setting.substring(eq + 1).trim());
            } else if (arg.startsWith("--") && arg.length() > 2) {
                int eq = arg.indexOf('=');
                String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                ConfigOption<?> option = byKey.get(key);
                if (option == null) {
                    throw new ConfigException(key, "unknown option; known: " + String.join(", ", byKey.keySet()));
                }
                boolean alone = eq < 0
                        && option.type() == Boolean.class
                        && (i + 1 >= args.length || args[i + 1].startsWith("-"));
                options.put(key, eq >= 0 ? arg.substring(eq + 1) : alone ? "true" : next(args, ++i, arg));
            } else {
                throw new ConfigException(arg, "unexpected argument; options are written --name value or --name=value");
            }
        }
        return new CommandLineArgs(Map.copyOf(options), java.util.Collections.unmodifiableMap(settings), help);
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new ConfigException(flag.replaceFirst("^-+", ""), "needs a value");
        }
        return args[i];
    }
}
