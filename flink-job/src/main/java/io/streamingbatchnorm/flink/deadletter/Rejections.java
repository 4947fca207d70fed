package io.streamingbatchnorm.flink.deadletter;

import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.schemas.WireFormatException;
import io.streamingbatchnorm.schemas.json.JsonLineError;
import io.streamingbatchnorm.schemas.json.JsonLineException;

/** Maps the schemas module's decoding errors to dead-letter reason codes. */
public final class Rejections {
    private Rejections() {}

    public static ReasonCode reason(WireFormatException e) {
        return switch (e.reason()) {
            case BAD_HEADER -> ReasonCode.BAD_HEADER;
            case UNKNOWN_SCHEMA -> ReasonCode.UNKNOWN_SCHEMA;
            default -> ReasonCode.UNDECODABLE;
        };
    }

    public static ReasonCode featureReason(JsonLineException e) {
        return ReasonCode.UNPARSEABLE;
    }

    public static ReasonCode commandReason(JsonLineException e) {
        return e.reason() == JsonLineError.UNKNOWN_COMMAND ? ReasonCode.UNKNOWN_COMMAND : ReasonCode.INVALID_COMMAND;
    }
}
