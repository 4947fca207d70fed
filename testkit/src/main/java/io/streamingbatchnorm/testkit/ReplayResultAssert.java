package io.streamingbatchnorm.testkit;

import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a whole replay: dead letters, outputs, and ways into one key or one batch. */
public final class ReplayResultAssert extends AbstractAssert<ReplayResultAssert, ReplayResult> {
    ReplayResultAssert(ReplayResult actual) {
        super(actual, ReplayResultAssert.class);
    }

    public ReplayResultAssert hasNoDeadLetters() {
        isNotNull();
        if (!actual.deadLetters().isEmpty()) {
            failWithMessage("expected no dead letters but got %s", actual.deadLetters());
        }
        return this;
    }

    /** A dead letter for input line (or command) {@code line} with {@code reason}. */
    public ReplayResultAssert hasDeadLetter(long line, String reason) {
        isNotNull();
        boolean found = actual.deadLetters().stream()
                .anyMatch(d -> d.line() == line && d.reason().equals(reason));
        if (!found) {
            failWithMessage(
                    "expected a dead letter for line %d with reason %s but got %s", line, reason, actual.deadLetters());
        }
        return this;
    }

    public ReplayResultAssert hasOutputCount(int expected) {
        isNotNull();
        if (actual.outputs().size() != expected) {
            failWithMessage(
                    "expected %d outputs but got %d", expected, actual.outputs().size());
        }
        return this;
    }

    /** Assertions on the outputs and final statistics of {@code key}. */
    public KeyAssert key(String key) {
        isNotNull();
        List<Output> outputs = actual.outputsOf(key);
        if (outputs.isEmpty()) {
            failWithMessage("expected outputs of key '%s' but there are none", key);
        }
        return new KeyAssert(key, outputs, actual.finalStats().get(key));
    }

    /** Assertions on the micro-batch that holds the record {@code id} ({@link ReplayResult#batchOf}). */
    public BatchAssert batchOf(String id) {
        isNotNull();
        return new BatchAssert(id, actual.batchOf(id));
    }
}
