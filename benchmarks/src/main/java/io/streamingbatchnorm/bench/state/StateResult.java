package io.streamingbatchnorm.bench.state;

/**
 * What the state benchmark measured for one backend and number of keys; sizes in bytes.
 *
 * @param heapDeltaBytes heap in use after a full GC with the state filled, minus before the job started
 * @param rssDeltaBytes resident memory of the process with the state filled, minus before the job started
 * @param checkpointMillis end-to-end duration of the checkpoint, as Flink reports it
 * @param stateSizeBytes the checkpoint's state size, as Flink reports it
 * @param diskBytes bytes in the checkpoint directory
 * @param restoreSeconds from submitting the job restored from the checkpoint to its first output
 * @param freshStartSeconds from submitting the same job without state to its first output
 * @param restoredVersionOk whether the restored job continued a key's statistics (version 1 to 2)
 * @param expiry with {@code --key-ttl}: the restored job's checkpoint once every key but one expired; else null
 */
public record StateResult(
        String backend,
        int keys,
        double ingestRate,
        long heapDeltaBytes,
        long rssDeltaBytes,
        long checkpointMillis,
        long stateSizeBytes,
        long diskBytes,
        double restoreSeconds,
        double freshStartSeconds,
        boolean restoredVersionOk,
        Expiry expiry) {}
