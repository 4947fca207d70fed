package io.streamingbatchnorm.flink;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStateToolset;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CheckpointStorageFactory;
import org.apache.flink.runtime.state.CheckpointStorageLocation;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;

/**
 * File-system checkpoint storage that, once armed, fails the next attempt of a task to open a checkpoint
 * stream. Tasks open those streams when they write their state out, which the state backends do in the
 * asynchronous phase of a checkpoint, after the synchronous phase has already let records flow again.
 * The flags are static because the MiniCluster runs the tasks in this JVM.
 *
 * <p>Selected with {@code execution.checkpointing.storage} set to this class's name; the directory is
 * {@code execution.checkpointing.dir}.
 */
public final class FailingCheckpointStorage
        implements CheckpointStorage, CheckpointStorageFactory<FailingCheckpointStorage> {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    /** The thread in which the failure was raised: proves which phase of the checkpoint it hit. */
    static final AtomicReference<String> FAILED_IN = new AtomicReference<>();

    private final CheckpointStorage delegate;

    /** The factory Flink instantiates by class name. */
    public FailingCheckpointStorage() {
        this.delegate = null;
    }

    private FailingCheckpointStorage(CheckpointStorage delegate) {
        this.delegate = delegate;
    }

    static void reset() {
        ARMED.set(false);
        FAILED.set(false);
        FAILED_IN.set(null);
    }

    static void arm() {
        ARMED.set(true);
    }

    @Override
    public FailingCheckpointStorage createFromConfig(ReadableConfig config, ClassLoader classLoader) {
        return new FailingCheckpointStorage(FileSystemCheckpointStorage.createFromConfig(config, classLoader));
    }

    @Override
    public CompletedCheckpointStorageLocation resolveCheckpoint(String pointer) throws IOException {
        return delegate.resolveCheckpoint(pointer);
    }

    @Override
    public CheckpointStorageAccess createCheckpointStorage(JobID jobId) throws IOException {
        return new Access(delegate.createCheckpointStorage(jobId));
    }

    private static void failOnceArmed() throws IOException {
        if (ARMED.get() && FAILED.compareAndSet(false, true)) {
            FAILED_IN.set(Thread.currentThread().getName());
            throw new IOException("injected failure while writing checkpoint state");
        }
    }

    private static final class Access implements CheckpointStorageAccess {
        private final CheckpointStorageAccess access;

        Access(CheckpointStorageAccess access) {
            this.access = access;
        }

        @Override
        public CheckpointStreamFactory resolveCheckpointStorageLocation(
                long checkpointId, CheckpointStorageLocationReference reference) throws IOException {
            return new Streams(access.resolveCheckpointStorageLocation(checkpointId, reference));
        }

        @Override
        public CheckpointStateOutputStream createTaskOwnedStateStream() throws IOException {
            failOnceArmed();
            return access.createTaskOwnedStateStream();
        }

        @Override
        public CheckpointStateToolset createTaskOwnedCheckpointStateToolset() {
            return access.createTaskOwnedCheckpointStateToolset();
        }

        @Override
        public boolean supportsHighlyAvailableStorage() {
            return access.supportsHighlyAvailableStorage();
        }

        @Override
        public boolean hasDefaultSavepointLocation() {
            return access.hasDefaultSavepointLocation();
        }

        @Override
        public CompletedCheckpointStorageLocation resolveCheckpoint(String pointer) throws IOException {
            return access.resolveCheckpoint(pointer);
        }

        @Override
        public void initializeBaseLocationsForCheckpoint() throws IOException {
            access.initializeBaseLocationsForCheckpoint();
        }

        @Override
        public CheckpointStorageLocation initializeLocationForCheckpoint(long checkpointId) throws IOException {
            return access.initializeLocationForCheckpoint(checkpointId);
        }

        @Override
        public CheckpointStorageLocation initializeLocationForSavepoint(long checkpointId, String location)
                throws IOException {
            return access.initializeLocationForSavepoint(checkpointId, location);
        }
    }

    private static final class Streams implements CheckpointStreamFactory {
        private final CheckpointStreamFactory streams;

        Streams(CheckpointStreamFactory streams) {
            this.streams = streams;
        }

        @Override
        public CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope)
                throws IOException {
            failOnceArmed();
            return streams.createCheckpointStateOutputStream(scope);
        }

        @Override
        public boolean canFastDuplicate(StreamStateHandle handle, CheckpointedStateScope scope) throws IOException {
            return streams.canFastDuplicate(handle, scope);
        }

        @Override
        public java.util.List<StreamStateHandle> duplicate(
                java.util.List<StreamStateHandle> handles, CheckpointedStateScope scope) throws IOException {
            return streams.duplicate(handles, scope);
        }
    }
}
