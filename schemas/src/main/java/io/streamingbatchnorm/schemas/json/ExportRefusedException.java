package io.streamingbatchnorm.schemas.json;

/**
 * An export that would misstate what the statistics are, refused; {@link #setting()} names the setting that would
 * change the answer ({@code running-variance}, {@code running}, {@code frozen}...), without dashes.
 */
public final class ExportRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String setting;

    public ExportRefusedException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
