package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.config.ConfigOption;
import java.util.List;

/** The settings of a replay's files, besides their paths. */
public final class ReplayOptions {
    public static final ConfigOption<Integer> MAX_LINE_BYTES = ConfigOption.integer("max-line-bytes", 16 << 20)
            .withCheck(ConfigOption.between(1024, 1 << 30))
            .withDescription("Longest line of the input and control files that is read, in bytes; a longer line"
                    + " goes to the dead-letter output (LINE_TOO_LONG) without being read into memory whole.");

    /** Every replay file option. */
    public static final List<ConfigOption<?>> ALL = List.of(MAX_LINE_BYTES);

    private ReplayOptions() {}
}
