package io.streamingbatchnorm.schemas;

import java.util.List;

/**
 * A request for exactly one statistics version of a key: {@code G:N} (version N of reset generation G) or {@code N}
 * (version N of a key that was never reset, generation 0).
 *
 * <p>A plain {@code N} is refused once the key has been reset, since its versions then start from 0 again and N
 * could name the statistics of either generation: the pin must then say which. A pin never falls back to another
 * version: what is not held is refused, with the versions that are.
 *
 * @param resetGeneration the generation named, or {@code null} for a plain {@code N}
 */
public record VersionPin(Integer resetGeneration, long version) {
    /** The Kafka header of a serving record that pins its statistics version. */
    public static final String HEADER = "stats-version";

    public VersionPin {
        if (version < 0 || (resetGeneration != null && resetGeneration < 0)) {
            throw new IllegalArgumentException("versions and generations are never negative");
        }
    }

    /**
     * Parses {@code N} or {@code G:N}.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static VersionPin parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        try {
            if (colon < 0) {
                return new VersionPin(null, Long.parseLong(t));
            }
            return new VersionPin(Integer.valueOf(t.substring(0, colon)), Long.parseLong(t.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + abbreviate(t)
                    + "' is not a statistics version: write N (a key never reset) or G:N (version N of reset"
                    + " generation G), whole numbers >= 0, such as 42 or 1:7");
        }
    }

    /** The result of looking a pin up among the versions a key holds. */
    public record Match(int index, String problem) {
        public boolean found() {
            return problem == null;
        }
    }

    /**
     * Finds this pin among {@code held}, a key's versions in increasing order.
     *
     * @return the index of the version, or a problem that says why it cannot be used and what is held
     */
    public Match find(List<StatsVersion> held) {
        if (held.isEmpty()) {
            return new Match(-1, "no statistics are held for the key");
        }
        StatsVersion latest = held.get(held.size() - 1);
        if (resetGeneration == null && latest.resetGeneration() != 0) {
            return new Match(
                    -1,
                    "the key was reset (its latest statistics are of reset generation " + latest.resetGeneration()
                            + "), so version " + version + " could be of more than one generation: pin it as G:"
                            + version + ", such as " + latest.resetGeneration() + ":" + version);
        }
        StatsVersion wanted = new StatsVersion(resetGeneration == null ? 0 : resetGeneration, version);
        for (int i = 0; i < held.size(); i++) {
            if (held.get(i).equals(wanted)) {
                return new Match(i, null);
            }
        }
        String range =
                held.size() == 1 ? "only " + held.get(0) : held.size() + " versions, " + held.get(0) + " to " + latest;
        String why = wanted.compareTo(latest) > 0 ? "has not been published (yet)" : "is no longer held";
        return new Match(-1, "version " + wanted + " " + why + "; held: " + range + " (G:N)");
    }

    /** As written: {@code N} or {@code G:N}. */
    @Override
    public String toString() {
        return resetGeneration == null ? Long.toString(version) : resetGeneration + ":" + version;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
