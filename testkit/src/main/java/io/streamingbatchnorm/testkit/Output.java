package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.core.Mode;
import java.util.Map;

/**
 * One normalized record of a replay: the input's key, event time, id and attributes, the normalized values (NaN
 * where missing), and how it was normalized.
 *
 * @param version the statistics version: after its batch was folded in (train), or the one it used (eval)
 * @param batchSize records in its micro-batch; 1 in eval mode
 */
public record Output(
        String key,
        long eventTime,
        String id,
        Map<String, String> attributes,
        double[] values,
        Mode mode,
        long version,
        int batchSize,
        boolean late) {}
