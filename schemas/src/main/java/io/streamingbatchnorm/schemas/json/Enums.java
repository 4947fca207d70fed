package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.Mode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Enum fields of the line format: exact symbol names, with errors that list the allowed ones. */
final class Enums {
    private Enums() {}

    static Mode mode(String text, String field) {
        try {
            return Mode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw LineReader.badField(field, "one of " + allowed(Mode.values()), "\"" + text + "\"");
        }
    }

    static CommandType command(String text, String field) {
        try {
            return CommandType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new JsonLineException(
                    JsonLineError.UNKNOWN_COMMAND,
                    field,
                    "unknown command \"" + text + "\" in field \"" + field + "\": allowed values are "
                            + allowed(CommandType.values()),
                    null);
        }
    }

    private static String allowed(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }
}
