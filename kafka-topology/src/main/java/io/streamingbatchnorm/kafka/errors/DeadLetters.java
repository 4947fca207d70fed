package io.streamingbatchnorm.kafka.errors;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireFormatException;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the dead letters of the serving application, in the Kafka wire format. */
public final class DeadLetters {
    /** Reason of a record whose processing failed unexpectedly: a failure of the application, not of the input. */
    public static final String PROCESSING_ERROR = ReasonCode.PROCESSING_ERROR.name();
    /** Reason of a result that Kafka refused to write, such as one larger than the topic allows. */
    public static final String PRODUCTION_ERROR = ReasonCode.PRODUCTION_ERROR.name();

    private static final byte[] NO_BYTES = new byte[0];

    private DeadLetters() {}

    /**
     * An encoded {@link DeadLetter}.
     *
     * @param original the rejected input byte for byte; {@code null} (a tombstone) becomes empty
     * @param topic where the input was read from, or {@code null} when unknown
     * @param rejectedAt processing time of the rejection, epoch milliseconds
     */
    public static byte[] encode(
            byte[] original,
            String topic,
            Integer partition,
            Long offset,
            String reason,
            String message,
            long rejectedAt) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setOriginal(ByteBuffer.wrap(original == null ? NO_BYTES : original))
                .setTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setSourceLine(null)
                .setReason(reason)
                .setMessage(message)
                .setRejectedAt(Instant.ofEpochMilli(rejectedAt))
                .build();
        return AvroWire.deadLetters().encode(letter);
    }

    /** The reason code of a payload that does not decode. */
    public static ReasonCode reason(WireFormatException e) {
        return switch (e.reason()) {
            case BAD_HEADER -> ReasonCode.BAD_HEADER;
            case UNKNOWN_SCHEMA -> ReasonCode.UNKNOWN_SCHEMA;
            case UNDECODABLE -> ReasonCode.UNDECODABLE;
        };
    }
}
