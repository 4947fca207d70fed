package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;

/**
 * The JSON line format of replay files: one record per line, snake_case field names as in the Avro
 * schemas, event times in epoch milliseconds. Thread-safe; all methods are static.
 *
 * <p>Numbers: doubles are written in the shortest form that reads back to the same bits. In feature
 * values, a missing value (null or NaN) is written as {@code null}, and an infinite one as the string
 * {@code "Infinity"} or {@code "-Infinity"}; on input the string {@code "NaN"} (or a bare {@code NaN}) is
 * also missing. In statistics and parameters NaN is a value and is written as {@code "NaN"}.
 *
 * <p>Parsing ignores unknown fields (the last of repeated fields wins) and reports every problem as a
 * {@link JsonLineException}. Optional fields that are null are left out when writing, except in
 * {@link #writeStatsSnapshot}, which writes every field.
 */
public final class JsonLines {
    private JsonLines() {}

    /** Parses a replay input line such as {@code {"key":"k1","event_time":1700000000000,"values":[0.5,null]}}. */
    public static FeatureRecord parseFeatureRecord(String line) {
        return FeatureRecordJson.read(line);
    }

    /** Writes a feature record in the replay input format. */
    public static String writeFeatureRecord(FeatureRecord record) {
        return FeatureRecordJson.write(record);
    }

    /** Parses a replay output line. */
    public static NormalizedRecord parseNormalizedRecord(String line) {
        return NormalizedRecordJson.read(line);
    }

    /** Writes a replay output line: key, event_time, id, attributes, values, mode, stats_version, batch_size, late. */
    public static String writeNormalizedRecord(NormalizedRecord record) {
        return NormalizedRecordJson.write(record);
    }

    /** Parses a stats line. */
    public static StatsSnapshot parseStatsSnapshot(String line) {
        return StatsSnapshotJson.read(line);
    }

    /** Writes a stats line with every field of the snapshot. */
    public static String writeStatsSnapshot(StatsSnapshot snapshot) {
        return StatsSnapshotJson.write(snapshot);
    }

    /** Parses a control line such as {@code {"id":"c1","key":"*","command":"EVAL","effective_time":1700000005000}}. */
    public static ControlCommand parseControlCommand(String line) {
        return ControlCommandJson.read(line);
    }

    /** Writes a control line. */
    public static String writeControlCommand(ControlCommand command) {
        return ControlCommandJson.write(command);
    }

    /**
     * Writes a drift event line: {@code key}, {@code mode}, {@code stats_version}, {@code window_size}, {@code
     * first_event_time}, {@code last_event_time}, {@code shift} and {@code ratio} (null where a feature was not
     * measured) and {@code crossed}.
     */
    public static String writeDriftEvent(DriftEvent event) {
        return DriftEventJson.write(event);
    }

    /** Parses a drift event line. */
    public static DriftEvent parseDriftEvent(String line) {
        return DriftEventJson.read(line);
    }

    /**
     * Writes a dead-letter line: {@code line} (the 1-based source line, if known), {@code topic},
     * {@code partition} and {@code offset} when known, {@code reason}, {@code message}, and the rejected input
     * as {@code original} (text) or, when it is not valid UTF-8, {@code original_base64}.
     */
    public static String writeDeadLetter(DeadLetter letter) {
        return DeadLetterJson.write(letter);
    }
}
