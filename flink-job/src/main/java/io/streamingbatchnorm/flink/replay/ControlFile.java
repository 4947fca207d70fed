package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandCheck;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLineError;
import io.streamingbatchnorm.schemas.json.JsonLineException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A replay's control file, read before the job starts so that its commands apply to every record
 * whatever the order in which Flink reads the two inputs. Each command's sequence is its line number.
 */
public final class ControlFile {
    /** A refused line with its number. */
    public record Refused(long line, String text, Rejection rejection) {}

    private final List<StoredCommand> commands;
    private final List<Refused> refused;

    private ControlFile(List<StoredCommand> commands, List<Refused> refused) {
        this.commands = commands;
        this.refused = refused;
    }

    public static ControlFile empty() {
        return new ControlFile(List.of(), List.of());
    }

    public static ControlFile read(Path path, NormalizerConfig config) throws IOException {
        List<StoredCommand> commands = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long n = 0;
        for (String line : Files.readAllLines(path)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            Command c;
            try {
                c = CoreMapping.toCommand(JsonLines.parseControlCommand(line), n);
            } catch (JsonLineException e) {
                ReasonCode reason = e.reason() == JsonLineError.UNKNOWN_COMMAND
                        ? ReasonCode.UNKNOWN_COMMAND
                        : ReasonCode.INVALID_COMMAND;
                refused.add(new Refused(n, line, Rejection.of(reason, e.getMessage())));
                continue;
            }
            Rejection why = CommandCheck.validate(c, config);
            if (why == null && !ids.add(c.id())) {
                why = Rejection.of(
                        ReasonCode.DUPLICATE_COMMAND,
                        "command id '" + c.id() + "' was already used; give every command a new id");
            }
            if (why != null) {
                refused.add(new Refused(n, line, why));
            } else {
                commands.add(StoredCommand.of(c));
            }
        }
        return new ControlFile(List.copyOf(commands), List.copyOf(refused));
    }

    public List<StoredCommand> commands() {
        return commands;
    }

    public List<Refused> refused() {
        return refused;
    }
}
