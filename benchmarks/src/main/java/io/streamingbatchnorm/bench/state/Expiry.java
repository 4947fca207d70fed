package io.streamingbatchnorm.bench.state;

import java.time.Duration;

/**
 * What key expiry did to a job's state.
 *
 * @param keysExpired the job's {@code keysExpired} counter once it reached every key but the probe's
 * @param seconds from sending the records that move the watermark past every key's TTL to that count
 * @param after the checkpoint taken then
 */
public record Expiry(Duration ttl, long keysExpired, double seconds, CheckpointSize after) {}
