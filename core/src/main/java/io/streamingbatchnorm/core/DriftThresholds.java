package io.streamingbatchnorm.core;

import java.io.Serializable;

/**
 * When a batch or an eval window counts as drift ({@code --drift-shift}, {@code --drift-ratio}), and how many eval
 * records of a key make one eval window ({@code --drift-window}).
 *
 * @param shift a feature crosses when {@code |shift| > this}
 * @param ratio a feature crosses when its variance ratio leaves {@code [1/ratio, ratio]}
 * @param window eval records per tumbling window of a key
 * @throws ConfigException naming the flag when a value is out of range
 */
public record DriftThresholds(double shift, double ratio, int window) implements Serializable {

    public DriftThresholds {
        NormalizerOptions.DRIFT_SHIFT.check(shift);
        NormalizerOptions.DRIFT_RATIO.check(ratio);
        NormalizerOptions.DRIFT_WINDOW.check(window);
    }

    /** Shift 1, ratio 4, windows of 256 eval records. */
    public static DriftThresholds defaults() {
        return new DriftThresholds(
                NormalizerOptions.DRIFT_SHIFT.defaultValue(),
                NormalizerOptions.DRIFT_RATIO.defaultValue(),
                NormalizerOptions.DRIFT_WINDOW.defaultValue());
    }

    /** Whether feature values {@code shift} and {@code ratio} cross a threshold; a NaN (not measured) never does. */
    public boolean crosses(double featureShift, double featureRatio) {
        // Written so that NaN compares false everywhere.
        return Math.abs(featureShift) > shift || featureRatio > ratio || featureRatio < 1.0 / ratio;
    }

    /** The indexes of the features of {@code measures} that cross a threshold, in increasing order. */
    public int[] crossed(DriftMeasures measures) {
        int d = measures.dimension();
        int[] out = new int[d];
        int n = 0;
        for (int j = 0; j < d; j++) {
            if (crosses(measures.shift(j), measures.ratio(j))) {
                out[n++] = j;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
