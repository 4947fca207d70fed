package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.deadletter.Rejections;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.json.FastFeatureLine;
import io.streamingbatchnorm.schemas.json.JsonLineException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a replay file of JSON lines (DESIGN 5), one whole file per reader so that lines keep their order
 * and their 1-based numbers; a line that is not a valid record, not valid UTF-8 or longer than the limit
 * becomes a dead letter naming its line. Blank lines are skipped and count as lines.
 */
public class FeatureLineFormat extends SimpleStreamFormat<InputEvent> {
    private static final long serialVersionUID = 1L;
    private final NormalizerConfig config;
    private final int maxLineBytes;
    private final CsvColumns csv;

    public FeatureLineFormat(NormalizerConfig config, int maxLineBytes) {
        this(config, maxLineBytes, null);
    }

    /** Reads CSV lines with {@code csv}'s columns (its header, line 1, is skipped), or JSON lines if it is null. */
    public FeatureLineFormat(NormalizerConfig config, int maxLineBytes, CsvColumns csv) {
        this.config = config;
        this.maxLineBytes = maxLineBytes;
        this.csv = csv;
    }

    @Override
    public Reader<InputEvent> createReader(Configuration conf, FSDataInputStream stream) {
        return new LineReader(new LineSplitter(stream, maxLineBytes), stream, config, csv);
    }

    @Override
    public TypeInformation<InputEvent> getProducedType() {
        return TypeInformation.of(InputEvent.class);
    }

    private static final class LineReader implements StreamFormat.Reader<InputEvent> {
        private final LineSplitter lines;
        private final FSDataInputStream stream;
        private final NormalizerConfig config;
        private final FastFeatureLine fast = new FastFeatureLine();
        private final CsvColumns csv;

        LineReader(LineSplitter lines, FSDataInputStream stream, NormalizerConfig config, CsvColumns csv) {
            this.lines = lines;
            this.stream = stream;
            this.config = config;
            this.csv = csv;
        }

        @Override
        public InputEvent read() throws IOException {
            LineSplitter.Line line;
            do {
                line = lines.next();
                if (line == null) {
                    return null;
                }
            } while (line.ok() && line.text().isBlank() || csv != null && line.number() == 1);
            if (!line.ok()) {
                return InputEvent.rejected(unreadable(line));
            }
            return csv == null
                    ? parse(line.text(), line.number(), config, fast)
                    : CsvRecords.parse(line.text(), line.number(), csv, config);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** The dead letter of a line that cannot be read: its number, a prefix of it, and what is wrong. */
    static DeadLetterEvent unreadable(LineSplitter.Line line) {
        Rejection why = line.problem() == LineSplitter.Problem.TOO_LONG
                ? Rejection.of(
                        ReasonCode.LINE_TOO_LONG,
                        "line " + line.number() + " is " + line.length() + " bytes, longer than --max-line-bytes;"
                                + " split the record or raise the limit (the dead letter keeps its first "
                                + line.prefix().length + " bytes)")
                : Rejection.of(
                        ReasonCode.UNDECODABLE,
                        "line " + line.number() + " is not valid UTF-8; write the file in UTF-8 (the dead letter"
                                + " keeps its first " + line.prefix().length + " bytes)");
        return new DeadLetterEvent(
                line.prefix(), null, null, null, line.number(), why.reason().name(), why.message(), 0L);
    }

    static InputEvent parse(String line, long lineNumber, NormalizerConfig config) {
        return parse(line, lineNumber, config, new FastFeatureLine());
    }

    /** Parses with {@code fast} when the line allows it, otherwise with the general parser (which names errors). */
    static InputEvent parse(String line, long lineNumber, NormalizerConfig config, FastFeatureLine fast) {
        FeatureEvent event;
        if (fast.parse(line)) {
            event = new FeatureEvent(
                    fast.key(), fast.eventTime(), fast.id(), fast.attributes(), fast.values(), -1, lineNumber);
            Rejection invalid = RecordCheck.validate(event.key, event.eventTime, event.values, config);
            return invalid == null ? InputEvent.of(event) : InputEvent.rejected(deadLetter(line, lineNumber, invalid));
        }
        try {
            event = RecordMapping.toEvent(JsonLines.parseFeatureRecord(line), -1, lineNumber);
        } catch (JsonLineException e) {
            return InputEvent.rejected(
                    deadLetter(line, lineNumber, Rejection.of(Rejections.featureReason(e), e.getMessage())));
        }
        Rejection invalid = RecordCheck.validate(event.key, event.eventTime, event.values, config);
        return invalid == null ? InputEvent.of(event) : InputEvent.rejected(deadLetter(line, lineNumber, invalid));
    }

    static DeadLetterEvent deadLetter(String line, long lineNumber, Rejection why) {
        return new DeadLetterEvent(
                line.getBytes(StandardCharsets.UTF_8),
                null,
                null,
                null,
                lineNumber,
                why.reason().name(),
                why.message(),
                0L);
    }
}
