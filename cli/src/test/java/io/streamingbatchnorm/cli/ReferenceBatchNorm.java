package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.cli.demo.DemoStream;
import io.streamingbatchnorm.cli.demo.Payload;
import io.streamingbatchnorm.schemas.CoreMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docs/semantics.md for count micro-batches, EMA running statistics from zeros, gamma 1 and beta 0, written
 * out directly and independently of the engine: what the demo's job must output for each record, and the
 * running statistics each key must end with.
 */
final class ReferenceBatchNorm {
    /** The expected output of one record. */
    record Output(String key, long eventTime, double[] x, double[] y, boolean eval, long version, int batchSize) {}

    /** A key's running statistics and version. */
    record Running(double[] mean, double[] var, long version) {}

    private final int batchSize;
    private final double momentum;
    private final double epsilon;
    private final int minBatchSize;
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final Map<String, Running> running = new LinkedHashMap<>();

    ReferenceBatchNorm(int batchSize, double momentum, double epsilon, int minBatchSize) {
        this.batchSize = batchSize;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.minBatchSize = minBatchSize;
    }

    /** Normalizes one key's records, given in the order the job reads them. */
    void key(String key, List<FeatureRecord> records, boolean switched, long switchTime) {
        int d = records.get(0).getValues().size();
        double[] mean = new double[d];
        double[] var = new double[d];
        Arrays.fill(var, 1.0);
        long version = 0;
        List<FeatureRecord> batch = new ArrayList<>();
        for (FeatureRecord r : records) {
            long t = r.getEventTime().toEpochMilli();
            if (switched && t >= switchTime) {
                // The switch first closes the open batch of records before it.
                version = flush(batch, mean, var, version);
                double[] x = CoreMapping.toVector(r.getValues());
                double[] y = new double[d];
                for (int j = 0; j < d; j++) {
                    y[j] = (x[j] - mean[j]) / Math.sqrt(var[j] + epsilon);
                }
                outputs.put(r.getId(), new Output(key, t, x, y, true, version, 1));
                continue;
            }
            batch.add(r);
            if (batch.size() == batchSize) {
                version = flush(batch, mean, var, version);
            }
        }
        version = flush(batch, mean, var, version);
        running.put(key, new Running(mean, var, version));
    }

    private long flush(List<FeatureRecord> batch, double[] mean, double[] var, long version) {
        if (batch.isEmpty()) {
            return version;
        }
        int n = batch.size();
        int d = mean.length;
        double[][] x = new double[n][];
        double[][] y = new double[n][d];
        for (int i = 0; i < n; i++) {
            x[i] = CoreMapping.toVector(batch.get(i).getValues());
        }
        boolean folded = false;
        for (int j = 0; j < d; j++) {
            double sum = 0;
            int present = 0;
            for (double[] row : x) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    present++;
                }
            }
            if (present < minBatchSize) {
                // Too few values: normalized with the running statistics, which stay as they are.
                for (int i = 0; i < n; i++) {
                    y[i][j] = (x[i][j] - mean[j]) / Math.sqrt(var[j] + epsilon);
                }
                continue;
            }
            double mu = sum / present;
            double squares = 0;
            for (double[] row : x) {
                if (!Double.isNaN(row[j])) {
                    squares += (row[j] - mu) * (row[j] - mu);
                }
            }
            double v = squares / present;
            for (int i = 0; i < n; i++) {
                y[i][j] = (x[i][j] - mu) / Math.sqrt(v + epsilon);
            }
            mean[j] = momentum * mean[j] + (1 - momentum) * mu;
            var[j] = momentum * var[j] + (1 - momentum) * v;
            folded = true;
        }
        long after = folded ? version + 1 : version;
        for (int i = 0; i < n; i++) {
            FeatureRecord r = batch.get(i);
            outputs.put(
                    r.getId(), new Output(r.getKey(), r.getEventTime().toEpochMilli(), x[i], y[i], false, after, n));
        }
        batch.clear();
        return after;
    }

    /** The expected output of every record, by id. */
    Map<String, Output> outputs() {
        return outputs;
    }

    /** Each key's running statistics after its last record. */
    Map<String, Running> running() {
        return running;
    }

    /** Normalizes every good record of {@code stream}, per key, in the order sent. */
    static ReferenceBatchNorm of(DemoStream stream, int batchSize, double momentum, double epsilon, int minBatchSize) {
        ReferenceBatchNorm reference = new ReferenceBatchNorm(batchSize, momentum, epsilon, minBatchSize);
        Map<String, List<FeatureRecord>> byKey = new LinkedHashMap<>();
        for (Payload p : stream.payloads()) {
            if (p.good()) {
                byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.record());
            }
        }
        Set<String> switched = stream.switchedKeys();
        byKey.forEach((key, records) -> reference.key(key, records, switched.contains(key), stream.switchTime()));
        return reference;
    }
}
