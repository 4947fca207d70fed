package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.StatsSnapshot;

/**
 * Which statistics of a key a snapshot holds: its reset generation and its version. A RESET starts a key's versions
 * from 0 again, so the version alone names statistics only within one generation; the pair orders every snapshot of
 * a key, generation first. Written {@code G:N}, as a pinned version may be.
 */
public record StatsVersion(int resetGeneration, long version) implements Comparable<StatsVersion> {

    public static StatsVersion of(StatsSnapshot s) {
        return new StatsVersion(s.getResetGeneration(), s.getVersion());
    }

    @Override
    public int compareTo(StatsVersion other) {
        int byGeneration = Integer.compare(resetGeneration, other.resetGeneration);
        return byGeneration != 0 ? byGeneration : Long.compare(version, other.version);
    }

    /** {@code G:N}. */
    @Override
    public String toString() {
        return resetGeneration + ":" + version;
    }
}
