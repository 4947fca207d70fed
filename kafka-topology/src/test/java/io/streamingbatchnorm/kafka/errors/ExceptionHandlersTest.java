package io.streamingbatchnorm.kafka.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The processing and production exception handlers, called as Kafka Streams calls them. */
class ExceptionHandlersTest {
    private static final Map<String, Object> CONFIG = Map.of(HandlerSettings.DEAD_LETTER_TOPIC, "dlq");
    private static final byte[] KEY = "msg-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {(byte) 0xC3, 1, 2, 3};
    private static final FakeErrorContext CONTEXT = new FakeErrorContext(KEY, VALUE);

    @Test
    void aProcessingFailureBecomesADeadLetterAndServingGoesOn() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(CONFIG);

        ProcessingExceptionHandler.Response response =
                handler.handleError(CONTEXT, new Record<>(KEY, "value", 0L), new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo("dlq");
        assertThat(out.key()).isEqualTo(KEY);
        assertThat(out.timestamp()).isEqualTo(CONTEXT.timestamp());
        DeadLetter letter = AvroWire.deadLetters().decode(out.value());
        assertThat(letter.getReason()).isEqualTo(DeadLetters.PROCESSING_ERROR);
        assertThat(letter.getMessage()).contains("serving-normalizer", "IllegalStateException: boom");
        assertThat(letter.getOriginal().array()).isEqualTo(VALUE);
        assertThat(letter.getTopic()).isEqualTo("features-serving");
        assertThat(letter.getPartition()).isEqualTo(2);
        assertThat(letter.getOffset()).isEqualTo(17L);
    }

    @Test
    void aResultTooLargeToWriteBecomesADeadLetter() {
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(CONFIG);
        ProducerRecord<byte[], byte[]> result = new ProducerRecord<>("features-serving-normalized", KEY, new byte[10]);

        ProductionExceptionHandler.Response response =
                handler.handleError(CONTEXT, result, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        DeadLetter letter = AvroWire.deadLetters()
                .decode(response.deadLetterQueueRecords().get(0).value());
        assertThat(letter.getReason()).isEqualTo(DeadLetters.PRODUCTION_ERROR);
        assertThat(letter.getMessage()).contains("'features-serving-normalized'", "max.request.size");
    }

    @Test
    void aDeadLetterTooLargeToWriteIsDropped() {
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(CONFIG);

        ProductionExceptionHandler.Response response = handler.handleError(
                CONTEXT, new ProducerRecord<>("dlq", KEY, new byte[10]), new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void otherProductionFailuresStopTheApplication() {
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(CONFIG);

        ProductionExceptionHandler.Response response = handler.handleError(
                CONTEXT,
                new ProducerRecord<>("features-serving-normalized", KEY, new byte[10]),
                new TopicAuthorizationException("denied"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void aHandlerWithoutDeadLetterTopicIsRefused() {
        assertThatThrownBy(() -> new DeadLetterDeserializationHandler().configure(Map.of()))
                .hasMessageContaining(HandlerSettings.DEAD_LETTER_TOPIC);
    }
}
