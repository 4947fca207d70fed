package io.streamingbatchnorm.testkit;

import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.data.Offset;

/**
 * Assertions on one micro-batch: its size and the per-feature mean and variance of its normalized values, which
 * batch normalization makes beta and gamma squared times var/(var+epsilon).
 */
public final class BatchAssert extends AbstractAssert<BatchAssert, List<Output>> {
    BatchAssert(String id, List<Output> batch) {
        super(batch, BatchAssert.class);
        describedAs("the batch of record '%s'", id);
    }

    public BatchAssert hasSize(int expected) {
        if (actual.size() != expected) {
            failWithMessage("expected %d records but got %d", expected, actual.size());
        }
        for (Output o : actual) {
            if (o.batchSize() != expected) {
                failWithMessage("expected batch_size %d but record '%s' says %d", expected, o.id(), o.batchSize());
            }
        }
        return this;
    }

    /** The normalized values of each feature average to {@code beta[j]} (missing values left out). */
    public BatchAssert hasNormalizedMean(double[] beta, Offset<Double> tolerance) {
        for (int j = 0; j < beta.length; j++) {
            double mean = moment(j, 0, 1);
            if (Math.abs(mean - beta[j]) > tolerance.value) {
                failWithMessage(
                        "expected feature %d to average %s (within %s) but it averages %s",
                        j, beta[j], tolerance.value, mean);
            }
        }
        return this;
    }

    /** The normalized values of each feature have the (biased) variance {@code variance[j]}. */
    public BatchAssert hasNormalizedVariance(double[] variance, Offset<Double> tolerance) {
        for (int j = 0; j < variance.length; j++) {
            double mean = moment(j, 0, 1);
            double var = moment(j, mean, 2);
            if (Math.abs(var - variance[j]) > tolerance.value) {
                failWithMessage(
                        "expected feature %d to have variance %s (within %s) but it has %s",
                        j, variance[j], tolerance.value, var);
            }
        }
        return this;
    }

    private double moment(int j, double center, int power) {
        double sum = 0;
        int n = 0;
        for (Output o : actual) {
            double x = o.values()[j];
            if (!Double.isNaN(x)) {
                sum += Math.pow(x - center, power);
                n++;
            }
        }
        return sum / n;
    }
}
