package io.streamingbatchnorm.flink.replay;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output files written next to their targets under temporary names and moved into place only when the whole run
 * succeeds: a replay that fails leaves the previous outputs as they were, never half of a new one.
 */
final class StagedFiles implements AutoCloseable {
    private final Map<Path, Path> stagedToTarget = new LinkedHashMap<>();
    private boolean committed;

    /** A new temporary file in the directory of {@code target}, to be moved onto it by {@link #commit}. */
    Path stage(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path staged = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
        stagedToTarget.put(staged, target);
        return staged;
    }

    /** Moves every staged file onto its target, replacing what was there. */
    void commit() throws IOException {
        for (Map.Entry<Path, Path> e : stagedToTarget.entrySet()) {
            try {
                Files.move(
                        e.getKey(), e.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(e.getKey(), e.getValue(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    /** Deletes the staged files unless they were committed. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        for (Path staged : stagedToTarget.keySet()) {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
