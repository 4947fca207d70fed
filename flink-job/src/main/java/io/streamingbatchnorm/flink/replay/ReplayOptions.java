package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.config.ConfigOption;
import java.util.List;

/** The settings of a replay's files, besides their paths. */
public final class ReplayOptions {
    public static final ConfigOption<Integer> MAX_LINE_BYTES = ConfigOption.integer("max-line-bytes", 16 << 20)
            .withCheck(ConfigOption.between(1024, 1 << 30))
            .withDescription("Longest line of the input and control files that is read, in bytes; a longer line"
                    + " goes to the dead-letter output (LINE_TOO_LONG) without being read into memory whole.");

    /** What the input file holds. */
    public enum InputFormat {
        /** One JSON object per line (DESIGN 5). */
        JSONL,
        /** Comma-separated values with a header line; the columns are named by the flags below. */
        CSV
    }

    public static final ConfigOption<InputFormat> INPUT_FORMAT = ConfigOption.choice(
                    "input-format", InputFormat.class, InputFormat.JSONL)
            .withDescription("jsonl (one JSON object per line) or csv (a header line, then one record per line; name"
                    + " the columns with --key-column, --time-column and --feature-columns).");

    public static final ConfigOption<String> KEY_COLUMN = ConfigOption.text("key-column", null)
            .withDescription("With --input-format csv: the column holding the normalization key.");

    public static final ConfigOption<String> TIME_COLUMN = ConfigOption.text("time-column", null)
            .withDescription("With --input-format csv: the column holding the event time, ISO-8601 (2012-01-01,"
                    + " 2012-01-01T06:00:00Z; without an offset it is UTC) or epoch milliseconds.");

    public static final ConfigOption<String> FEATURE_COLUMNS = ConfigOption.text("feature-columns", null)
            .withDescription("With --input-format csv: the feature columns, in order, by name or 1-based number,"
                    + " with ranges such as temp_max..wind or 3..6; an empty cell or NaN is a missing value.");

    public static final ConfigOption<String> ID_COLUMN = ConfigOption.text("id-column", null)
            .withDescription("With --input-format csv: a column holding the record id (optional).");

    /** Every replay file option. */
    public static final List<ConfigOption<?>> ALL =
            List.of(MAX_LINE_BYTES, INPUT_FORMAT, KEY_COLUMN, TIME_COLUMN, FEATURE_COLUMNS, ID_COLUMN);

    private ReplayOptions() {}
}
