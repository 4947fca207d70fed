package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns one CSV line into a feature record with the columns of {@link CsvColumns}; a line that does not have them,
 * or whose time or a number cannot be read, becomes a dead letter (UNPARSEABLE) that says which column and why.
 */
final class CsvRecords {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern MILLIS = Pattern.compile("-?\\d{1,18}");

    private CsvRecords() {}

    static InputEvent parse(String line, long lineNumber, CsvColumns columns, NormalizerConfig config) {
        List<String> fields = CsvFields.split(line);
        if (fields == null) {
            return refused(line, lineNumber, "line " + lineNumber + ": a quoted field is not closed");
        }
        int needed = Math.max(Math.max(columns.key, columns.time), columns.id);
        for (int f : columns.features) {
            needed = Math.max(needed, f);
        }
        if (fields.size() <= needed) {
            return refused(
                    line,
                    lineNumber,
                    "line " + lineNumber + " has " + fields.size() + " fields; column '" + columns.header.get(needed)
                            + "' is field " + (needed + 1));
        }
        Long time = time(fields.get(columns.time).strip());
        if (time == null) {
            return refused(
                    line,
                    lineNumber,
                    "column '" + columns.header.get(columns.time) + "': '" + fields.get(columns.time)
                            + "' is neither an ISO-8601 time nor epoch milliseconds");
        }
        double[] values = new double[columns.dimension()];
        for (int j = 0; j < values.length; j++) {
            String text = fields.get(columns.features[j]).strip();
            Double v = number(text);
            if (v == null) {
                return refused(
                        line,
                        lineNumber,
                        "column '" + columns.header.get(columns.features[j]) + "': '" + text
                                + "' is not a number (an empty cell or NaN is a missing value)");
            }
            values[j] = v;
        }
        String id = columns.id < 0 ? null : fields.get(columns.id).strip();
        FeatureEvent event = new FeatureEvent(fields.get(columns.key).strip(), time, id, null, values, -1, lineNumber);
        Rejection invalid = RecordCheck.validate(event.key, event.eventTime, event.values, config);
        return invalid == null
                ? InputEvent.of(event)
                : InputEvent.rejected(FeatureLineFormat.deadLetter(line, lineNumber, invalid));
    }

    private static InputEvent refused(String line, long lineNumber, String why) {
        return InputEvent.rejected(
                FeatureLineFormat.deadLetter(line, lineNumber, Rejection.of(ReasonCode.UNPARSEABLE, why)));
    }

    /** Epoch milliseconds, or an ISO-8601 date or date-time (UTC when it has no offset); null if neither. */
    static Long time(String text) {
        if (MILLIS.matcher(text).matches()) {
            return Long.parseLong(text);
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException notWithOffset) {
            // Try the forms without an offset.
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException notDateTime) {
            // Try a date alone.
        }
        try {
            return LocalDate.parse(text)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException notDate) {
            return null;
        }
    }

    /** A decimal number; NaN for an empty cell or NaN; infinite for inf or infinity; null if it is none of these. */
    static Double number(String text) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        if (NUMBER.matcher(text).matches()) {
            // Correctly rounded, so the nearest double to the decimal, as the JSON lines format reads it.
            return Double.parseDouble(text);
        }
        String word = text.toLowerCase(Locale.ROOT);
        boolean negative = word.startsWith("-");
        String unsigned = negative || word.startsWith("+") ? word.substring(1) : word;
        return switch (unsigned) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> null;
        };
    }
}
