package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.json.JsonLineException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the statistics file a replay writes ({@code --stats-output}): one {@code StatsSnapshot} per line, as JSON.
 * Blank lines are skipped; a UTF-8 byte order mark and CRLF line ends are accepted. A file that is not one is
 * refused naming {@code --from} and the first line that is not a snapshot.
 */
final class StatsFile {
    static final String FLAG = "--from";

    private StatsFile() {}

    /** Every snapshot of {@code file}, in file order. */
    static List<StatsSnapshot> read(Path file) {
        List<StatsSnapshot> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(JsonLines.parseStatsSnapshot(line));
                } catch (JsonLineException e) {
                    throw CliException.usage(FLAG + ": line " + number + " of '" + file
                            + "' is not a statistics snapshot (" + e.getMessage()
                            + "); give the file a replay wrote with --stats-output");
                }
            }
        } catch (NoSuchFileException e) {
            throw CliException.usage(FLAG + ": no such file '" + file + "'");
        } catch (CharacterCodingException e) {
            throw CliException.usage(
                    FLAG + ": '" + file + "' is not UTF-8 text; give the file a replay wrote with" + " --stats-output");
        } catch (IOException e) {
            throw CliException.usage(FLAG + ": cannot read '" + file + "': " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw CliException.usage(FLAG + ": '" + file + "' holds no statistics snapshot");
        }
        return out;
    }
}
