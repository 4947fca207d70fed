package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandCheck;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.deadletter.Rejections;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLineException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    /** A refused line with its number, and its bytes (a prefix of them for a line too long to read). */
    public record Refused(long line, byte[] original, Rejection rejection) {}

    private final List<StoredCommand> commands;
    private final List<Refused> refused;

    private ControlFile(List<StoredCommand> commands, List<Refused> refused) {
        this.commands = commands;
        this.refused = refused;
    }

    public static ControlFile empty() {
        return new ControlFile(List.of(), List.of());
    }

    /** Reads the control file at {@code path}; lines longer than {@code maxLineBytes} are refused unread. */
    public static ControlFile read(Path path, NormalizerConfig config, int maxLineBytes) throws IOException {
        List<StoredCommand> commands = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (InputStream in = Compression.open(path)) {
            LineSplitter lines = new LineSplitter(in, maxLineBytes);
            for (LineSplitter.Line l = lines.next(); l != null; l = lines.next()) {
                if (!l.ok()) {
                    DeadLetterEvent d = FeatureLineFormat.unreadable(l);
                    refused.add(
                            new Refused(l.number(), d.original, Rejection.of(ReasonCode.valueOf(d.reason), d.message)));
                } else if (!l.text().isBlank()) {
                    accept(l.number(), l.text(), config, ids, commands, refused);
                }
            }
        }
        return new ControlFile(List.copyOf(commands), List.copyOf(refused));
    }

    private static void accept(
            long n,
            String line,
            NormalizerConfig config,
            Set<String> ids,
            List<StoredCommand> commands,
            List<Refused> refused) {
        Command c;
        try {
            c = CoreMapping.toCommand(JsonLines.parseControlCommand(line), n);
        } catch (JsonLineException e) {
            Rejection why = Rejection.of(Rejections.commandReason(e), e.getMessage());
            refused.add(new Refused(n, line.getBytes(StandardCharsets.UTF_8), why));
            return;
        }
        Rejection why = CommandCheck.validate(c, config);
        if (why == null && !ids.add(c.id())) {
            why = Rejection.of(
                    ReasonCode.DUPLICATE_COMMAND,
                    "command id '" + c.id() + "' was already used; give every command a new id");
        }
        if (why != null) {
            refused.add(new Refused(n, line.getBytes(StandardCharsets.UTF_8), why));
        } else {
            commands.add(StoredCommand.of(c));
        }
    }

    public List<StoredCommand> commands() {
        return commands;
    }

    public List<Refused> refused() {
        return refused;
    }
}
