package io.streamingbatchnorm.bench.state;

import io.streamingbatchnorm.bench.harness.FlinkCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;

/**
 * One checkpoint triggered on a running job: where it is, how long it took and how big it is, as Flink reports it
 * and on disk.
 *
 * @param millis end-to-end duration as Flink reports it (the wall time of the trigger if it reports none)
 * @param stateSizeBytes the state size Flink reports, -1 if it reports none
 * @param diskBytes bytes in the job's checkpoint directory
 */
public record CheckpointSize(String path, long millis, long stateSizeBytes, long diskBytes) {

    static CheckpointSize take(FlinkCluster flink, JobID job) throws Exception {
        long c0 = System.nanoTime();
        String path = flink.checkpoint(job);
        long wallMillis = (System.nanoTime() - c0) / 1_000_000;
        CompletedCheckpointStats stats = flink.checkpointStats(job).getHistory().getLatestCompletedCheckpoint();
        return new CheckpointSize(
                path,
                stats == null ? wallMillis : stats.getEndToEndDuration(),
                stats == null ? -1 : stats.getStateSize(),
                diskBytes(jobDirectory(path)));
    }

    /** The checkpoint's job directory: its {@code chk-N} and, for incremental RocksDB, the shared files. */
    private static Path jobDirectory(String checkpointPath) {
        URI uri = URI.create(checkpointPath);
        return (uri.getScheme() == null ? Path.of(checkpointPath) : Path.of(uri)).getParent();
    }

    /**
     * Files may vanish during the walk: Flink discards subsumed checkpoints and cancelled jobs' directories
     * asynchronously, so a missing file counts as zero bytes rather than failing the measurement.
     */
    private static long diskBytes(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return total[0];
    }
}
