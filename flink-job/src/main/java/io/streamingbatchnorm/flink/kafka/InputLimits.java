package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.JobConfig;
import java.io.Serializable;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a record read from Kafka is checked against besides its own fields, before it can reach a key: an event
 * time too far ahead of the clock, which would move the watermark past every other key's records, and a size
 * whose normalized form the job's producer could not write, which would fail the sink for every attempt.
 *
 * @param maxFutureMillis how far ahead of the clock an event time may lie; 0 turns the check off
 * @param maxOutputBytes the largest record the job's producer sends ({@code max.request.size})
 */
public record InputLimits(long maxFutureMillis, long maxOutputBytes) implements Serializable {
    /** Kafka's default {@code max.request.size}. */
    static final long DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    /**
     * What a NormalizedRecord can add to its FeatureRecord: mode, version, batch size and late flag (at most 17
     * bytes), an imputed missing value (8 more bytes per value), and the producer's record and batch headers.
     */
    static final int OUTPUT_OVERHEAD = 17 + 128;

    public static InputLimits of(JobConfig job) {
        String configured = job.kafkaProperties().getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        long max = configured == null ? DEFAULT_MAX_REQUEST_SIZE : Long.parseLong(configured.trim());
        return new InputLimits(job.maxFutureMillis(), max);
    }

    /** Why a record of this event time is refused now, or {@code null}. */
    Rejection future(long eventTime, long now) {
        if (maxFutureMillis == 0 || eventTime <= now || eventTime - now <= maxFutureMillis) {
            return null;
        }
        return Rejection.of(
                ReasonCode.FUTURE_EVENT_TIME,
                "field 'event_time' is " + Instant.ofEpochMilli(eventTime) + ", " + (eventTime - now) / 1000
                        + " s ahead of this machine's clock (at most --max-future " + maxFutureMillis / 1000
                        + " s): a watermark that far ahead would make every other record late; fix the producer's"
                        + " clock or raise --max-future");
    }

    /** Why a record whose payload and key have these sizes is refused, or {@code null}. */
    Rejection size(int payloadBytes, int keyBytes, int dimension) {
        long output = (long) payloadBytes + keyBytes + 8L * dimension + OUTPUT_OVERHEAD;
        if (output <= maxOutputBytes) {
            return null;
        }
        return Rejection.of(
                ReasonCode.OUTPUT_TOO_LARGE,
                "its normalized record could take " + output + " bytes, more than the job's producer sends"
                        + " (max.request.size " + maxOutputBytes + "); send smaller records (fewer attributes,"
                        + " a shorter key or id), or raise max.request.size in --kafka-properties together with the"
                        + " output topic's max.message.bytes");
    }
}
