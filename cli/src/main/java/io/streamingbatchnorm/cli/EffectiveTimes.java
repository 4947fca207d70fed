package io.streamingbatchnorm.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses {@code --effective-time}: epoch milliseconds, or an ISO-8601 instant with a zone offset. */
final class EffectiveTimes {
    private EffectiveTimes() {}

    /**
     * Epoch milliseconds for {@code text}, such as {@code 1700000005000}, {@code 2023-11-14T22:13:25Z} or
     * {@code 2023-11-14T23:13:25.5+01:00}.
     *
     * @throws CliException naming {@code --effective-time} when the text is neither
     */
    static long parse(String text) {
        String t = text.trim();
        if (t.matches("-?\\d+")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw refused(text);
            }
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            try {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException again) {
                throw refused(text);
            }
        }
    }

    private static CliException refused(String text) {
        return CliException.usage("--effective-time: '" + text + "' is neither epoch milliseconds (1700000005000) "
                + "nor an ISO-8601 instant with a zone (2023-11-14T22:13:25Z)");
    }
}
