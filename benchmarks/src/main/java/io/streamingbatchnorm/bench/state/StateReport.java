package io.streamingbatchnorm.bench.state;

import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.core.Durations;
import java.util.List;

/** The tables the state benchmark prints: state, checkpoint and restore per backend; with a TTL, expiry. */
final class StateReport {
    private StateReport() {}

    static Table table(List<StateResult> results) {
        Table t = new Table(
                "backend",
                "keys",
                "ingest records/s",
                "heap used +MiB (after GC)",
                "RSS +MiB",
                "checkpoint ms",
                "state size MiB (Flink)",
                "on disk MiB",
                "restore to first output s",
                "fresh start to first output s",
                "restored version ok");
        for (StateResult r : results) {
            t.row(
                    r.backend(),
                    Table.num(r.keys(), 0),
                    Table.num(r.ingestRate(), 0),
                    Table.num(ProcessMeter.mib(r.heapDeltaBytes()), 0),
                    Table.num(ProcessMeter.mib(r.rssDeltaBytes()), 0),
                    Table.num(r.checkpointMillis(), 0),
                    Table.num(ProcessMeter.mib(r.stateSizeBytes()), 1),
                    Table.num(ProcessMeter.mib(r.diskBytes()), 1),
                    Table.num(r.restoreSeconds(), 2),
                    Table.num(r.freshStartSeconds(), 2),
                    r.restoredVersionOk());
        }
        return t;
    }

    /** The checkpoint with every key loaded against the one after every key but one expired. */
    static Table expiry(List<StateResult> results) {
        Table t = new Table(
                "backend",
                "keys",
                "key TTL",
                "state size MiB, loaded (Flink)",
                "on disk MiB, loaded",
                "keys expired",
                "expiry s",
                "state size MiB, expired (Flink)",
                "on disk MiB, expired",
                "checkpoint ms, expired",
                "after / before (Flink)");
        for (StateResult r : results) {
            Expiry e = r.expiry();
            if (e == null) {
                continue;
            }
            t.row(
                    r.backend(),
                    Table.num(r.keys(), 0),
                    Durations.format(e.ttl()),
                    Table.num(ProcessMeter.mib(r.stateSizeBytes()), 2),
                    Table.num(ProcessMeter.mib(r.diskBytes()), 2),
                    Table.num(e.keysExpired(), 0),
                    Table.num(e.seconds(), 1),
                    Table.num(ProcessMeter.mib(e.after().stateSizeBytes()), 2),
                    Table.num(ProcessMeter.mib(e.after().diskBytes()), 2),
                    Table.num(e.after().millis(), 0),
                    Table.num((double) e.after().stateSizeBytes() / r.stateSizeBytes(), 3));
        }
        return t;
    }
}
