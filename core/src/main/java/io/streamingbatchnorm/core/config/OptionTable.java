package io.streamingbatchnorm.core.config;

import java.util.List;

/** The Markdown table of a list of options that the README and the other docs show, generated from the options. */
public final class OptionTable {
    private OptionTable() {}

    /** Header, separator and one row per option: the flag, its default (or {@code (none)}) and its meaning. */
    public static String markdown(List<? extends ConfigOption<?>> options) {
        StringBuilder table = new StringBuilder("| flag | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<?> o : options) {
            table.append(row(o)).append('\n');
        }
        return table.toString();
    }

    /** One option's row. */
    public static String row(ConfigOption<?> o) {
        String defaultText = o.defaultText();
        return "| `" + o.flag() + "` | " + (defaultText.isEmpty() ? "(none)" : "`" + defaultText + "`") + " | "
                + o.description().replace("|", "\\|") + " |";
    }
}
