package io.streamingbatchnorm.core;

/** A configuration value that is refused at start; {@link #option()} names the flag. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String option;

    public ConfigException(String option, String message) {
        super("--" + option + ": " + message);
        this.option = option;
    }

    /** The flag, without leading dashes, such as {@code momentum}. */
    public String option() {
        return option;
    }
}
