package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.kafka.ServingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line flags generated from another module's option list (name, default, meaning), so that a
 * command offers exactly the options that module parses and the two cannot drift apart. Values stay text:
 * the owning module parses and validates them and names the flag when it refuses one.
 */
final class GeneratedFlags {
    /** One flag: its name without dashes, its default as written on the command line, and its meaning. */
    record Flag(String name, String defaultValue, String description) {}

    private final String heading;
    private final List<Flag> flags;
    private final List<OptionSpec> specs = new ArrayList<>();

    GeneratedFlags(String heading, List<Flag> flags) {
        this.heading = heading;
        this.flags = List.copyOf(flags);
    }

    /** Every flag of {@link NormalizerOptions#ALL}. */
    static GeneratedFlags normalization() {
        List<Flag> flags = new ArrayList<>();
        for (NormalizerOptions.Option o : NormalizerOptions.ALL) {
            flags.add(new Flag(o.name(), o.defaultValue(), o.description()));
        }
        return new GeneratedFlags("%nNormalization (the same in replay and run):%n", flags);
    }

    /** Every flag of {@link JobOptions#ALL}. */
    static GeneratedFlags job() {
        List<Flag> flags = new ArrayList<>();
        for (JobOptions.Option o : JobOptions.ALL) {
            flags.add(new Flag(o.name(), o.defaultValue(), o.description()));
        }
        return new GeneratedFlags("%nKafka and Flink:%n", flags);
    }

    /** Every flag of {@link ServingOptions#ALL}. */
    static GeneratedFlags serving() {
        List<Flag> flags = new ArrayList<>();
        for (ServingOptions.Option o : ServingOptions.ALL) {
            flags.add(new Flag(o.name(), o.defaultValue(), o.description()));
        }
        return new GeneratedFlags("%nServing application:%n", flags);
    }

    /** Adds the flags to {@code command} under their own heading in the help. */
    void addTo(CommandSpec command) {
        // A group only to give the flags a heading: it imposes no constraint of its own.
        ArgGroupSpec.Builder group =
                ArgGroupSpec.builder().heading(heading).exclusive(false).validate(false);
        for (Flag f : flags) {
            OptionSpec option = OptionSpec.builder("--" + f.name())
                    .paramLabel(f.name().toUpperCase(Locale.ROOT))
                    .type(String.class)
                    .description(escape(f.description()) + " Default: "
                            + (f.defaultValue().isBlank() ? "none" : escape(f.defaultValue())) + ".")
                    .build();
            specs.add(option);
            group.addArg(option);
        }
        command.addArgGroup(group.build());
    }

    /** The flags given on the command line, by name without dashes; absent flags are left out. */
    Map<String, String> values() {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec o : specs) {
            String value = o.getValue();
            if (value != null) {
                out.put(o.longestName().substring(2), value);
            }
        }
        return out;
    }

    List<String> names() {
        return flags.stream().map(Flag::name).toList();
    }

    /** Picocli formats descriptions with String.format; a literal percent sign must be doubled. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }
}
