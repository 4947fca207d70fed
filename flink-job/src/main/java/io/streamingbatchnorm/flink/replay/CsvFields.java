package io.streamingbatchnorm.flink.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into its fields (RFC 4180): fields are separated by commas, a field in double quotes may
 * hold commas and doubled quotes. A record is one line: a quoted field cannot span lines.
 */
final class CsvFields {
    private CsvFields() {}

    /** The fields of {@code line}, or null if a quoted field is not closed or is followed by other text. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    return null;
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++;
        }
    }
}
