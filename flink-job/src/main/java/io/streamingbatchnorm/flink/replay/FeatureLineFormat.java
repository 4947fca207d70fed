package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.deadletter.Rejections;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.json.JsonLineException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a replay file of JSON lines (DESIGN 5), one whole file per reader so that lines keep their order
 * and their 1-based numbers; a line that is not a valid record becomes a dead letter naming its line.
 * Blank lines are skipped and count as lines.
 */
public class FeatureLineFormat extends SimpleStreamFormat<InputEvent> {
    private static final long serialVersionUID = 1L;
    private final NormalizerConfig config;

    public FeatureLineFormat(NormalizerConfig config) {
        this.config = config;
    }

    @Override
    public Reader<InputEvent> createReader(Configuration conf, FSDataInputStream stream) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        return new LineReader(lines, config);
    }

    @Override
    public TypeInformation<InputEvent> getProducedType() {
        return TypeInformation.of(InputEvent.class);
    }

    private static final class LineReader implements StreamFormat.Reader<InputEvent> {
        private final BufferedReader lines;
        private final NormalizerConfig config;
        private long lineNumber;

        LineReader(BufferedReader lines, NormalizerConfig config) {
            this.lines = lines;
            this.config = config;
        }

        @Override
        public InputEvent read() throws IOException {
            String line;
            do {
                line = lines.readLine();
                if (line == null) {
                    return null;
                }
                lineNumber++;
            } while (line.isBlank());
            return parse(line, lineNumber, config);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    static InputEvent parse(String line, long lineNumber, NormalizerConfig config) {
        FeatureEvent event;
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
