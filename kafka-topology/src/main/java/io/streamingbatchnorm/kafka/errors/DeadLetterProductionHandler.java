package io.streamingbatchnorm.kafka.errors;

import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when Kafka refuses to write a result.
 *
 * <p>A result too large for the output topic is a fault of one input: its input goes to the dead-letter
 * topic with reason {@link DeadLetters#PRODUCTION_ERROR} and serving goes on. A dead letter that is
 * itself too large is dropped with an error log (there is nowhere left to write it). Every other failure
 * (authorization, a missing topic, a broker outage that outlasts the retries) concerns all records
 * alike, so the application fails and reports it instead of emptying the input into the dead letters.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private String deadLetterTopic;
    private ServingMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = HandlerSettings.deadLetterTopic(configs);
        metrics = HandlerSettings.metrics(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        if (deadLetterTopic.equals(record.topic())) {
            LOG.error(
                    "Dropping a dead letter for the input at {}-{}@{}: it is too large for topic {}",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    deadLetterTopic);
            return Response.resume();
        }
        String message = "the result for topic '" + record.topic() + "' is larger than Kafka accepts ("
                + exception.getMessage() + "); send fewer or shorter values, or raise the producer's"
                + " max.request.size and the topic's max.message.bytes";
        byte[] letter = DeadLetters.encode(
                context.sourceRawValue(),
                context.topic(),
                HandlerSettings.knownPartition(context.partition()),
                HandlerSettings.knownOffset(context.offset()),
                DeadLetters.PRODUCTION_ERROR,
                message,
                System.currentTimeMillis());
        metrics.deadLetter(DeadLetters.PRODUCTION_ERROR);
        return Response.resume(List.of(HandlerSettings.record(
                deadLetterTopic, context.timestamp(), context.sourceRawKey(), letter, context.headers())));
    }
}
