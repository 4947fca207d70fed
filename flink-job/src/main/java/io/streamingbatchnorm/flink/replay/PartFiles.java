package io.streamingbatchnorm.flink.replay;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The part files of one output written by a replay's parallel subtasks: subtask {@code i} writes
 * {@code BASE.i}, and {@link #join} puts them together in subtask order, so the lines of one key (which one
 * subtask handles) keep the order in which the job emitted them.
 */
final class PartFiles {
    private PartFiles() {}

    static Path part(Path base, int subtask) {
        return base.resolveSibling(base.getFileName() + "." + subtask);
    }

    /**
     * Appends the parts {@code 0..parts-1} of {@code base} to {@code target} (after what it holds) and deletes them;
     * the copy stays in the kernel, so joining costs little next to writing.
     */
    static void join(Path base, int parts, Path target) throws IOException {
        for (int i = 0; i < parts; i++) {
            Path part = part(base, i);
            if (!Files.exists(part)) {
                continue;
            }
            if (Files.size(target) == 0) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            try (FileChannel from = FileChannel.open(part);
                    FileChannel to = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                long size = from.size();
                for (long done = 0; done < size; ) {
                    done += from.transferTo(done, size - done, to);
                }
            }
            Files.delete(part);
        }
    }

    /** Deletes every part of {@code base} that is left, after a replay that failed. */
    static void delete(Path base, int parts) throws IOException {
        for (int i = 0; i < parts; i++) {
            Files.deleteIfExists(part(base, i));
        }
    }
}
