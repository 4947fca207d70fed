package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.cli.demo.DemoStream;
import io.streamingbatchnorm.cli.demo.Payload;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import io.streamingbatchnorm.testing.ReferenceStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's stream as the independent {@link ReferenceStream} takes it: every good record, per key in the
 * order sent, count batches, the switched keys in eval mode from the switch time on.
 */
final class DemoReference {
    private DemoReference() {}

    static ReferenceStream of(DemoStream stream, int batchSize, ReferenceBatchNorm.Settings settings) {
        List<ReferenceStream.Record> records = stream.payloads().stream()
                .filter(Payload::good)
                .map(p -> new ReferenceStream.Record(
                        p.key(),
                        p.record().getEventTime().toEpochMilli(),
                        p.record().getId(),
                        CoreMapping.toVector(p.record().getValues())))
                .toList();
        Map<String, Long> evalFrom = new HashMap<>();
        stream.switchedKeys().forEach(k -> evalFrom.put(k, stream.switchTime()));
        return ReferenceStream.countBatches(records, batchSize, settings, evalFrom);
    }
}
