package io.streamingbatchnorm.kafka.errors;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** The context Kafka Streams gives an exception handler, for the serving input's record at offset 17. */
record FakeErrorContext(byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
    @Override
    public String topic() {
        return "features-serving";
    }

    @Override
    public int partition() {
        return 2;
    }

    @Override
    public long offset() {
        return 17;
    }

    @Override
    public Headers headers() {
        return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
        return "serving-normalizer";
    }

    @Override
    public TaskId taskId() {
        return new TaskId(0, 2);
    }

    @Override
    public long timestamp() {
        return 1_700_000_000_000L;
    }
}
