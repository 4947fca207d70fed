package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.KafkaOptions;
import io.streamingbatchnorm.core.config.OptionValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line flags made from an engine's option constants, so that a command offers exactly the options that
 * engine parses, with their defaults and meanings, and the two cannot drift apart. Values stay text until
 * {@link #values()} parses them with the options' own parsers and checks, which name the flag when they refuse
 * one.
 */
final class OptionFlags {
    private final String heading;
    private final List<ConfigOption<?>> options;
    private final List<OptionSpec> specs = new ArrayList<>();

    OptionFlags(String heading, List<ConfigOption<?>> options) {
        this.heading = heading;
        this.options = List.copyOf(options);
    }

    /** The normalization flags, the same in every command that runs the job. */
    static OptionFlags normalization() {
        return new OptionFlags(
                "%nNormalization (the same in replay and run):%n", io.streamingbatchnorm.core.NormalizerOptions.ALL);
    }

    /**
     * The Kafka connection flags shared by every command that talks to Kafka, with the topics that command uses.
     */
    static OptionFlags kafka(ConfigOption<?>... topics) {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(KafkaOptions.BOOTSTRAP_SERVERS);
        options.add(KafkaOptions.KAFKA_PROPERTIES);
        options.addAll(List.of(topics));
        return new OptionFlags("%nKafka:%n", options);
    }

    /** Adds the flags to {@code command} under their own heading in the help. */
    OptionFlags addTo(CommandSpec command) {
        // A group only to give the flags a heading: it imposes no constraint of its own.
        ArgGroupSpec.Builder group =
                ArgGroupSpec.builder().heading(heading).exclusive(false).validate(false);
        for (ConfigOption<?> o : options) {
            boolean isSwitch = o.type() == Boolean.class;
            OptionSpec.Builder option = OptionSpec.builder(o.flag())
                    .paramLabel(o.key().toUpperCase(Locale.ROOT))
                    .type(String.class)
                    .description(escape(o.description())
                            + (isSwitch
                                    ? ""
                                    : " Default: " + (o.defaultText().isEmpty() ? "none" : escape(o.defaultText()))
                                            + "."));
            if (isSwitch) {
                // Written alone it means true, as picocli switches do; --flag=false is accepted too.
                option.arity("0..1").fallbackValue("true");
            }
            OptionSpec spec = option.build();
            specs.add(spec);
            group.addArg(spec);
        }
        command.addArgGroup(group.build());
        return this;
    }

    /** The flags given on the command line as text, by option key; absent flags are left out. */
    Map<String, String> text() {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec o : specs) {
            String value = o.getValue();
            if (value != null) {
                out.put(o.longestName().substring(2), value);
            }
        }
        return out;
    }

    /** Every option's value: the flag as given, parsed and checked, or the option's default. */
    OptionValues values() {
        return OptionValues.parse(options, text());
    }

    List<ConfigOption<?>> options() {
        return options;
    }

    /** Picocli formats descriptions with String.format; a literal percent sign must be doubled. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }
}
