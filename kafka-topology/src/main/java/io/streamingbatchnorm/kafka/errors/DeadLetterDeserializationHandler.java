package io.streamingbatchnorm.kafka.errors;

import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import io.streamingbatchnorm.schemas.WireFormatException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Writes an input that does not decode to the dead-letter topic, with the reason code of its
 * {@link WireFormatException} (BAD_HEADER, UNKNOWN_SCHEMA or UNDECODABLE), and goes on with the next
 * one. The dead letter is written in the same transaction as the outputs.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private String deadLetterTopic;
    private ServingMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = HandlerSettings.deadLetterTopic(configs);
        metrics = HandlerSettings.metrics(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        WireFormatException wire = wireError(exception);
        String reason = wire != null ? DeadLetters.reason(wire).name() : ReasonCode.UNDECODABLE.name();
        String message = wire != null
                ? wire.getMessage()
                : "cannot decode the payload (" + exception.getClass().getSimpleName() + ": " + exception.getMessage()
                        + "); the producer must write single-object encoded Avro records";
        byte[] letter = DeadLetters.encode(
                record.value(),
                record.topic(),
                record.partition(),
                record.offset(),
                reason,
                message,
                System.currentTimeMillis());
        metrics.deadLetter(reason);
        return Response.resume(List.of(
                HandlerSettings.record(deadLetterTopic, record.timestamp(), record.key(), letter, record.headers())));
    }

    private static WireFormatException wireError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WireFormatException wire) {
                return wire;
            }
        }
        return null;
    }
}
