package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.TestRecords;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The exact text of output, stats and dead-letter lines. */
class OutputLinesTest {

    @Test
    void writesANormalizedRecordLine() {
        NormalizedRecord record = TestRecords.normalized();
        record.setAttributes(null);

        assertThat(JsonLines.writeNormalizedRecord(record))
                .isEqualTo("{\"key\":\"k1\",\"event_time\":1700000000000,"
                        + "\"id\":\"r1\",\"values\":[-1.2247448713915887,null,1.2247448713915887],\"mode\":\"TRAIN\","
                        + "\"stats_version\":3,\"batch_size\":32,\"late\":false}");
    }

    @Test
    void writesAttributesWhenPresentAndOverflowAsInfinity() {
        NormalizedRecord record = TestRecords.normalized();
        record.setId(null);
        record.setValues(Arrays.asList(Double.POSITIVE_INFINITY, Double.NaN, Double.NEGATIVE_INFINITY));
        record.setMode(Mode.EVAL);
        record.setBatchSize(1);
        record.setLate(true);

        assertThat(JsonLines.writeNormalizedRecord(record))
                .isEqualTo("{\"key\":\"k1\",\"event_time\":1700000000000,"
                        + "\"attributes\":{\"source\":\"sensor-7\"},\"values\":[\"Infinity\",null,\"-Infinity\"],"
                        + "\"mode\":\"EVAL\",\"stats_version\":3,\"batch_size\":1,\"late\":true}");
    }

    @Test
    void normalizedRecordsRoundTrip() {
        NormalizedRecord record = TestRecords.normalized();

        assertThat(JsonLines.parseNormalizedRecord(JsonLines.writeNormalizedRecord(record)))
                .isEqualTo(record);
    }

    @Test
    void rejectsAnUnknownMode() {
        String line = JsonLines.writeNormalizedRecord(TestRecords.normalized()).replace("TRAIN", "TEST");

        assertThatThrownBy(() -> JsonLines.parseNormalizedRecord(line))
                .isInstanceOfSatisfying(
                        JsonLineException.class, e -> assertThat(e.reason()).isEqualTo(JsonLineError.BAD_FIELD))
                .hasMessage("field \"mode\" must be one of TRAIN, EVAL, got \"TEST\"");
    }

    @Test
    void writesEveryFieldOfAStatsSnapshot() {
        StatsSnapshot snapshot = TestRecords.snapshot();

        assertThat(JsonLines.writeStatsSnapshot(snapshot))
                .isEqualTo("{\"key\":\"k1\",\"version\":3,\"mode\":\"EVAL\","
                        + "\"count\":96,\"running_mean\":[0.1,0.2],\"running_var\":[1.0,0.9],\"gamma\":[1.0,1.0],"
                        + "\"beta\":[0.0,0.0],\"momentum\":0.9,\"epsilon\":1.0E-5,\"event_time\":1700000000000,"
                        + "\"reset_generation\":0}");
        assertThat(JsonLines.parseStatsSnapshot(JsonLines.writeStatsSnapshot(snapshot)))
                .isEqualTo(snapshot);
    }

    @Test
    void statsCarryTheirResetGeneration() {
        StatsSnapshot snapshot = TestRecords.snapshot();
        snapshot.setResetGeneration(2);

        assertThat(JsonLines.writeStatsSnapshot(snapshot)).endsWith("\"reset_generation\":2}");
        assertThat(JsonLines.parseStatsSnapshot(JsonLines.writeStatsSnapshot(snapshot))
                        .getResetGeneration())
                .isEqualTo(2);
    }

    @Test
    void statsKeepNaNAndANullEventTime() {
        StatsSnapshot snapshot = TestRecords.snapshot();
        snapshot.setEventTime(null);
        snapshot.setRunningVar(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY));

        String line = JsonLines.writeStatsSnapshot(snapshot);

        assertThat(line)
                .contains("\"running_var\":[\"NaN\",\"Infinity\"]")
                .endsWith("\"event_time\":null,\"reset_generation\":0}");
        assertThat(JsonLines.parseStatsSnapshot(line)).isEqualTo(snapshot);
    }

    @Test
    void writesADeadLetterLineForAFile() {
        DeadLetter letter = TestRecords.deadLetter();
        letter.setTopic(null);
        letter.setPartition(null);
        letter.setOffset(null);
        letter.setSourceLine(17L);

        assertThat(JsonLines.writeDeadLetter(letter))
                .isEqualTo("{\"line\":17,\"reason\":\"UNPARSEABLE\","
                        + "\"message\":\"line is not valid JSON\",\"original\":\"{\\\"key\\\":\"}");
    }

    @Test
    void writesKafkaCoordinatesAndBase64ForBinaryOriginals() {
        DeadLetter letter = TestRecords.deadLetter();
        letter.setOriginal(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, (byte) 0xFF}));

        assertThat(JsonLines.writeDeadLetter(letter))
                .isEqualTo("{\"topic\":\"features\",\"partition\":2,"
                        + "\"offset\":41,\"reason\":\"UNPARSEABLE\",\"message\":\"line is not valid JSON\","
                        + "\"original_base64\":\"wwH/\"}");
        assertThat(letter.getOriginal().remaining()).isEqualTo(3);
    }
}
