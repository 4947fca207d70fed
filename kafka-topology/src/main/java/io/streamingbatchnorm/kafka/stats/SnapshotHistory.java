package io.streamingbatchnorm.kafka.stats;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.StatsVersion;
import io.streamingbatchnorm.schemas.VersionPin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The last snapshots of one key, at most one per statistics version, in increasing (reset generation, version)
 * order: what the statistics store keeps per key, so that a serving record can be normalized with the exact version
 * its model was trained with.
 *
 * <p>Each snapshot is kept in the wire format it was published in and decoded only when asked for, so that looking
 * up one version does not decode all of them. Immutable.
 */
public final class SnapshotHistory {
    private final List<StatsVersion> versions;
    private final List<byte[]> payloads;

    SnapshotHistory(List<StatsVersion> versions, List<byte[]> payloads) {
        this.versions = List.copyOf(versions);
        this.payloads = List.copyOf(payloads);
    }

    /** A history of one snapshot, for tests and tools. */
    public static SnapshotHistory of(StatsSnapshot snapshot) {
        return new SnapshotHistory(
                List.of(StatsVersion.of(snapshot)),
                List.of(AvroWire.statsSnapshots().encode(snapshot)));
    }

    /** A history of several snapshots, each added as {@link #with} does; for tests and tools. */
    public static SnapshotHistory of(List<StatsSnapshot> snapshots, int limit) {
        SnapshotHistory h = new SnapshotHistory(List.of(), List.of());
        for (StatsSnapshot s : snapshots) {
            h = h.with(StatsVersion.of(s), AvroWire.statsSnapshots().encode(s), limit);
        }
        return h;
    }

    /**
     * This history with {@code payload}, the encoded snapshot of {@code version}, added in order: it replaces a held
     * snapshot of the same version (a mode, gamma, beta or epsilon change publishes the version again), and the
     * oldest versions beyond {@code limit} are dropped, so a snapshot older than every held one is not kept once the
     * history is full.
     */
    public SnapshotHistory with(StatsVersion version, byte[] payload, int limit) {
        List<StatsVersion> v = new ArrayList<>(versions);
        List<byte[]> p = new ArrayList<>(payloads);
        int at = 0;
        while (at < v.size() && v.get(at).compareTo(version) < 0) {
            at++;
        }
        if (at < v.size() && v.get(at).equals(version)) {
            p.set(at, payload);
        } else {
            v.add(at, version);
            p.add(at, payload);
        }
        int drop = Math.max(0, v.size() - limit);
        return new SnapshotHistory(v.subList(drop, v.size()), p.subList(drop, p.size()));
    }

    /** The same history without its oldest versions beyond {@code limit}. */
    public SnapshotHistory last(int limit) {
        int drop = Math.max(0, versions.size() - limit);
        return drop == 0
                ? this
                : new SnapshotHistory(versions.subList(drop, versions.size()), payloads.subList(drop, payloads.size()));
    }

    /** The held versions, oldest first. */
    public List<StatsVersion> versions() {
        return versions;
    }

    public int size() {
        return versions.size();
    }

    /** The latest snapshot: the highest (reset generation, version). */
    public StatsSnapshot latest() {
        return get(versions.size() - 1);
    }

    /** The snapshot at {@code index} of {@link #versions()}. */
    public StatsSnapshot get(int index) {
        return AvroWire.statsSnapshots().decode(payloads.get(index));
    }

    /** The snapshot {@code pin} names, if held; {@link VersionPin#find} says why not otherwise. */
    public Optional<StatsSnapshot> find(VersionPin pin) {
        VersionPin.Match m = pin.find(versions);
        return m.found() ? Optional.of(get(m.index())) : Optional.empty();
    }

    /** Whether the snapshot at {@code index} was published as exactly these bytes. */
    public boolean holds(int index, byte[] payload) {
        return Arrays.equals(payloads.get(index), payload);
    }

    /** The snapshot at {@code index} as published; callers must not modify it. */
    public byte[] payload(int index) {
        return payloads.get(index);
    }

    List<byte[]> payloads() {
        return payloads;
    }
}
