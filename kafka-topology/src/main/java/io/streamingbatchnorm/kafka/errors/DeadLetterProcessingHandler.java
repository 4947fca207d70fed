package io.streamingbatchnorm.kafka.errors;

import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an input whose processing failed unexpectedly to the dead-letter topic with reason
 * {@link DeadLetters#PROCESSING_ERROR} and goes on with the next one: one record that trips a bug must
 * not stop serving every other record. Expected rejections never get here; the serving processor
 * writes those itself.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private String deadLetterTopic;
    private ServingMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = HandlerSettings.deadLetterTopic(configs);
        metrics = HandlerSettings.metrics(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        LOG.error(
                "Processing failed in {} for the record at {}-{}@{}; it goes to the dead-letter topic",
                context.processorNodeId(),
                context.topic(),
                context.partition(),
                context.offset(),
                exception);
        String message = "processing failed in " + context.processorNodeId() + " with "
                + exception.getClass().getName() + ": " + exception.getMessage()
                + "; this is a fault of the application, not of the record: report it with this dead letter";
        byte[] letter = DeadLetters.encode(
                context.sourceRawValue(),
                context.topic(),
                HandlerSettings.knownPartition(context.partition()),
                HandlerSettings.knownOffset(context.offset()),
                DeadLetters.PROCESSING_ERROR,
                message,
                System.currentTimeMillis());
        metrics.deadLetter(DeadLetters.PROCESSING_ERROR);
        return Response.resume(List.of(HandlerSettings.record(
                deadLetterTopic, context.timestamp(), context.sourceRawKey(), letter, context.headers())));
    }
}
