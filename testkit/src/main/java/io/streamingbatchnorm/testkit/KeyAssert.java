package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.core.Mode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one key of a replay: the modes and versions of its outputs, its final statistics. */
public final class KeyAssert extends AbstractAssert<KeyAssert, List<Output>> {
    private final String key;
    private final FinalStats stats;

    KeyAssert(String key, List<Output> outputs, FinalStats stats) {
        super(outputs, KeyAssert.class);
        this.key = key;
        this.stats = stats;
        describedAs("key '%s'", key);
    }

    /** Every eval-mode output of the key was normalized with statistics version {@code version}. */
    public KeyAssert evalOutputsUsedVersion(long version) {
        Set<Long> used = versions(Mode.EVAL);
        if (used.isEmpty()) {
            failWithMessage("expected eval outputs of key '%s' but there are none", key);
        }
        if (!used.equals(Set.of(version))) {
            failWithMessage(
                    "expected the eval outputs of key '%s' to use version %d but they used %s", key, version, used);
        }
        return this;
    }

    public KeyAssert hasOutputsInMode(Mode mode, int count) {
        long n = actual.stream().filter(o -> o.mode() == mode).count();
        if (n != count) {
            failWithMessage("expected %d %s outputs of key '%s' but got %d", count, mode, key, n);
        }
        return this;
    }

    /** No output of the key at or after {@code eventTime} is in train mode, none before it in eval mode. */
    public KeyAssert switchedToEvalAt(long eventTime) {
        for (Output o : actual) {
            Mode expected = o.eventTime() >= eventTime ? Mode.EVAL : Mode.TRAIN;
            if (o.mode() != expected) {
                failWithMessage(
                        "expected %s at event time %d (id %s) of key '%s' but got %s",
                        expected, o.eventTime(), o.id(), key, o.mode());
            }
        }
        return this;
    }

    public KeyAssert hasFinalVersion(long version) {
        if (stats == null) {
            failWithMessage("expected final statistics of key '%s' but there are none", key);
        } else if (stats.version() != version) {
            failWithMessage("expected key '%s' to end at version %d but it ended at %d", key, version, stats.version());
        }
        return this;
    }

    public KeyAssert endedInMode(Mode mode) {
        if (stats == null || stats.mode() != mode) {
            failWithMessage(
                    "expected key '%s' to end in %s but it ended in %s",
                    key, mode, stats == null ? null : stats.mode());
        }
        return this;
    }

    private Set<Long> versions(Mode mode) {
        Set<Long> v = new TreeSet<>();
        actual.stream().filter(o -> o.mode() == mode).forEach(o -> v.add(o.version()));
        return v;
    }
}
