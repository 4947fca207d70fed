package io.streamingbatchnorm.kafka.stats;

import io.streamingbatchnorm.avro.StatsSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a published snapshot before it is stored: a snapshot the serving normalizer cannot use is
 * skipped, so it can never make good records fail or replace usable statistics.
 */
final class SnapshotCheck {
    private SnapshotCheck() {}

    /** What is wrong with {@code s}, or {@code null} if it can be used for eval-mode normalization. */
    static String problem(StatsSnapshot s) {
        if (s.getKey() == null || s.getKey().isEmpty()) {
            return "field 'key' is empty";
        }
        if (s.getVersion() < 0) {
            return "field 'version' is " + s.getVersion() + "; versions count batches and are never negative";
        }
        Map<String, List<Double>> vectors = new LinkedHashMap<>();
        vectors.put("running_mean", s.getRunningMean());
        vectors.put("running_var", s.getRunningVar());
        vectors.put("gamma", s.getGamma());
        vectors.put("beta", s.getBeta());
        int d = s.getRunningMean().size();
        if (d == 0) {
            return "field 'running_mean' is empty";
        }
        for (Map.Entry<String, List<Double>> vector : vectors.entrySet()) {
            String problem = vectorProblem(vector.getKey(), vector.getValue(), d);
            if (problem != null) {
                return problem;
            }
        }
        if (!(s.getEpsilon() >= 0) || Double.isInfinite(s.getEpsilon())) {
            return "field 'epsilon' is " + s.getEpsilon() + "; it must be a finite number >= 0";
        }
        return null;
    }

    private static String vectorProblem(String field, List<Double> values, int dimension) {
        if (values.size() != dimension) {
            return "field '" + field + "' has " + values.size() + " values but 'running_mean' has " + dimension;
        }
        for (int j = 0; j < dimension; j++) {
            Double v = values.get(j);
            if (v == null || !Double.isFinite(v)) {
                return "field '" + field + "[" + j + "]' is " + v + "; statistics must be finite numbers";
            }
            if (field.equals("running_var") && v < 0) {
                return "field 'running_var[" + j + "]' is negative";
            }
        }
        return null;
    }
}
