package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.core.BatchMoments;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.DriftEvent;
import io.streamingbatchnorm.core.DriftMeasures;
import io.streamingbatchnorm.core.DriftWindow;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift events a key's records should make, worked out with the core's measures batch by batch and window by
 * window, outside any Flink job: count batches in arrival order, eval from a switch time on.
 */
final class DriftExpectations {
    private DriftExpectations() {}

    /** The train-mode events of {@code key}: its count batches, each measured before it is folded. */
    static List<DriftEvent> train(String key, List<TestStreams.Line> lines, NormalizerConfig config) {
        List<DriftEvent> out = new ArrayList<>();
        ControlState control = ControlState.initial(Mode.TRAIN, config.momentum(), config.epsilon());
        fold(key, lines, Long.MAX_VALUE, control, config, out);
        return out;
    }

    /** Folds the count batches of {@code key}'s records before {@code until}; adds each batch's event to out. */
    private static KeyStatistics fold(
            String key,
            List<TestStreams.Line> lines,
            long until,
            ControlState control,
            NormalizerConfig config,
            List<DriftEvent> out) {
        List<TestStreams.Line> ofKey = lines.stream()
                .filter(l -> l.key().equals(key) && l.eventTime() < until)
                .toList();
        int d = ofKey.get(0).values().length;
        KeyStatistics stats = KeyStatistics.initial(d, 0);
        for (int from = 0; from < ofKey.size(); from += config.batchSize()) {
            List<TestStreams.Line> batch = ofKey.subList(from, Math.min(ofKey.size(), from + config.batchSize()));
            double[][] rows = batch.stream().map(TestStreams.Line::vector).toArray(double[][]::new);
            long[] times = batch.stream().mapToLong(TestStreams.Line::eventTime).toArray();
            DriftMeasures m = DriftMeasures.ofTrainBatch(stats, control, BatchMoments.of(rows, d), config);
            DriftEvent e = m == null
                    ? null
                    : m.event(
                            key,
                            Mode.TRAIN,
                            stats.version(),
                            rows.length,
                            times[0],
                            times[times.length - 1],
                            config.drift());
            if (e != null) {
                out.add(e);
            }
            stats = stats.train(rows, times, control, config).next();
        }
        return stats;
    }

    /**
     * The eval-mode events of {@code key} from {@code evalFrom} on, against the statistics frozen then; the largest
     * |shift| of the last full window goes to {@code lastMaxShift[0]}.
     */
    static List<DriftEvent> eval(
            String key, List<TestStreams.Line> lines, long evalFrom, NormalizerConfig config, double[] lastMaxShift) {
        ControlState control = ControlState.initial(Mode.TRAIN, config.momentum(), config.epsilon());
        KeyStatistics frozen = fold(key, lines, evalFrom, control, config, new ArrayList<>());
        ControlState eval = control.withMode(Mode.EVAL);
        DriftWindow window = DriftWindow.empty(frozen.dimension());
        List<DriftEvent> out = new ArrayList<>();
        for (TestStreams.Line l : lines) {
            if (!l.key().equals(key) || l.eventTime() < evalFrom) {
                continue;
            }
            DriftWindow.Full full = window.add(l.vector(), l.eventTime(), frozen, eval, config);
            if (full != null) {
                lastMaxShift[0] = full.measures().maxAbsShift();
            }
            DriftEvent e = full == null ? null : full.event(key, config.drift());
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
