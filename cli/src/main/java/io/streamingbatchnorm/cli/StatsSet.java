package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.StatsVersion;
import io.streamingbatchnorm.schemas.VersionPin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The snapshots {@code stats} read from one source: the latest of each key, and every version found of the key asked
 * for, so that {@code --version} can pick one.
 *
 * @param latest per key, the highest (reset generation, version); the later one read on a tie
 * @param history the versions found of the key asked for, oldest first, one snapshot per version (the later one
 *     read), empty when no key was asked for
 * @param source what was read, for messages: {@code topic 'feature-stats'}, {@code file 'stats.jsonl'}...
 */
record StatsSet(Map<String, StatsSnapshot> latest, List<StatsSnapshot> history, String source) {

    /** The set of {@code snapshots} in the order they were read, keeping the history of {@code key}. */
    static StatsSet of(Collection<StatsSnapshot> snapshots, String key, String source) {
        Map<String, StatsSnapshot> latest = new TreeMap<>();
        List<StatsSnapshot> ofKey = new ArrayList<>();
        for (StatsSnapshot s : snapshots) {
            latest.merge(
                    s.getKey(),
                    s,
                    (known, next) -> StatsVersion.of(next).compareTo(StatsVersion.of(known)) >= 0 ? next : known);
            if (s.getKey().equals(key)) {
                ofKey.add(s);
            }
        }
        return of(latest, ofKey, source);
    }

    /** The set of the latest snapshots and every snapshot read of the key asked for, in the order read. */
    static StatsSet of(Map<String, StatsSnapshot> latest, List<StatsSnapshot> ofKey, String source) {
        Map<StatsVersion, StatsSnapshot> history = new TreeMap<>();
        for (StatsSnapshot s : ofKey) {
            history.put(StatsVersion.of(s), s);
        }
        return new StatsSet(latest, new ArrayList<>(history.values()), source);
    }

    /**
     * The snapshot of {@code key} that {@code version} names, or the latest when it is null.
     *
     * @throws CliException naming {@code --key} or {@code --version} when there is none
     */
    StatsSnapshot select(String key, String version, boolean keyMissingIsUsage) {
        StatsSnapshot s = latest.get(key);
        if (s == null) {
            String message = "no statistics for key '" + key + "' in " + source + " (" + latest.size() + " keys there)";
            throw keyMissingIsUsage ? CliException.usage("--key: " + message) : CliException.failure(message);
        }
        if (version == null) {
            return s;
        }
        VersionPin pin;
        try {
            pin = VersionPin.parse(version);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--version: " + e.getMessage());
        }
        List<StatsVersion> held = history.stream().map(StatsVersion::of).toList();
        VersionPin.Match m = pin.find(held);
        if (!m.found()) {
            throw CliException.usage("--version: key '" + key + "' has no statistics version " + pin + " in " + source
                    + ": " + m.problem());
        }
        return history.get(m.index());
    }
}
