package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.DriftEvent;
import io.streamingbatchnorm.core.DriftWindow;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.DriftWindowState;
import io.streamingbatchnorm.flink.model.StampedEvent;
import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;

/**
 * One key's eval-mode drift window ({@link DriftWindow}) while the window operator works through a firing or an
 * eval record: read from state at the first eval record, written back once at the end, so that train-mode keys
 * never touch it.
 */
final class EvalDrift {
    private final ValueState<DriftWindowState> stored;
    private final NormalizerConfig config;
    private final BatchMetrics metrics;
    private DriftWindow window;
    private boolean loaded;
    private boolean inState;
    private boolean changed;

    EvalDrift(ValueState<DriftWindowState> stored, NormalizerConfig config, BatchMetrics metrics) {
        this.stored = stored;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Gathers an eval record normalized with {@code stats}; returns the drift event of the window it fills, or null.
     */
    DriftEvent add(StampedEvent e, KeyStatistics stats) throws IOException {
        double[] x = e.feature.values;
        if (!loaded) {
            DriftWindowState s = stored.value();
            window = s == null ? null : s.toWindow();
            inState = s != null;
            loaded = true;
        }
        if (window == null || window.dimension() != x.length) {
            // A RESET may give the key another dimension; what was gathered before it no longer applies anyway.
            window = DriftWindow.empty(x.length);
        }
        changed = true;
        DriftWindow.Full full = window.add(x, e.feature.eventTime, stats, e.control.toState(), config);
        if (full == null) {
            return null;
        }
        DriftEvent event = full.event(e.key, config.drift());
        metrics.driftMeasured(full.measures(), Mode.EVAL, event != null);
        return event;
    }

    /** Writes the window back if an eval record changed it; an empty window leaves no state behind. */
    void flush() throws IOException {
        if (!changed) {
            return;
        }
        if (window.records() > 0) {
            stored.update(DriftWindowState.of(window));
            inState = true;
        } else if (inState) {
            stored.clear();
            inState = false;
        }
        changed = false;
    }

    /** Forgets the window (the key expired). */
    void clear() {
        stored.clear();
        window = null;
        loaded = true;
        inState = false;
        changed = false;
    }
}
