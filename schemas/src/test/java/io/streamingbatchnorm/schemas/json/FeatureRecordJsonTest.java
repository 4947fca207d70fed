package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.TestRecords;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FeatureRecordJsonTest {

    @Test
    void parsesTheReplayInputExample() {
        FeatureRecord record = JsonLines.parseFeatureRecord(
                "{\"key\":\"k1\",\"event_time\":1700000000000,\"values\":[0.5,null,2.0],\"id\":\"r1\","
                        + "\"attributes\":{\"a\":\"b\"}}");

        assertThat(record.getKey()).isEqualTo("k1");
        assertThat(record.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(record.getValues()).containsExactly(0.5, null, 2.0);
        assertThat(record.getId()).isEqualTo("r1");
        assertThat(record.getAttributes()).isEqualTo(Map.of("a", "b"));
    }

    @Test
    void optionalFieldsMayBeAbsentOrNullAndUnknownFieldsAreIgnored() {
        FeatureRecord record = JsonLines.parseFeatureRecord("{\"extra\":{\"x\":[1,{}]},\"values\":[1,-2],"
                + "\"event_time\":5,\"key\":\"k\",\"id\":null,\"attributes\":null,\"more\":true}");

        assertThat(record.getValues()).containsExactly(1.0, -2.0);
        assertThat(record.getId()).isNull();
        assertThat(record.getAttributes()).isNull();
    }

    @Test
    void nanIsMissingAndInfinitiesAreKept() {
        FeatureRecord record = JsonLines.parseFeatureRecord("{\"key\":\"k\",\"event_time\":0,"
                + "\"values\":[\"NaN\",NaN,\"Infinity\",\"-Infinity\",Infinity,-Infinity,1e400]}");

        assertThat(record.getValues())
                .containsExactly(
                        null,
                        null,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY);
    }

    @Test
    void writesMissingAsNullAndInfinitiesAsStrings() {
        FeatureRecord record = JsonLines.parseFeatureRecord(
                "{\"key\":\"k\",\"event_time\":0,\"values\":[\"NaN\",\"-Infinity\",0.1,-0.0]}");
        record.getValues().set(2, Double.NaN);

        assertThat(JsonLines.writeFeatureRecord(record))
                .isEqualTo("{\"key\":\"k\",\"event_time\":0,\"values\":[null,\"-Infinity\",null,-0.0]}");
    }

    @Test
    void roundTripsThroughItsOwnWriter() {
        FeatureRecord record = TestRecords.feature();

        assertThat(JsonLines.parseFeatureRecord(JsonLines.writeFeatureRecord(record)))
                .isEqualTo(record);
    }

    static Stream<Arguments> unparseable() {
        return Stream.of(
                Arguments.of("not json", "is not valid JSON"),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of("   ", "line is empty"),
                Arguments.of(json("{'key':'k'"), "is not valid JSON"),
                Arguments.of(json("{'key':'k','event_time':0,'values':[]} {}"), "unexpected content after"),
                Arguments.of(json("{'key':'k','event_time':0,'values':[1,]}"), "is not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("unparseable")
    void rejectsUnparseableLines(String line, String message) {
        assertThatThrownBy(() -> JsonLines.parseFeatureRecord(line))
                .isInstanceOfSatisfying(JsonLineException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JsonLineError.UNPARSEABLE);
                    assertThat(e.field()).isNull();
                })
                .hasMessageContaining(message);
    }

    static Stream<Arguments> missing() {
        return Stream.of(
                Arguments.of(json("{'event_time':0,'values':[]}"), "key"),
                Arguments.of(json("{'key':'k','values':[]}"), "event_time"),
                Arguments.of(json("{'key':'k','event_time':0}"), "values"));
    }

    @ParameterizedTest
    @MethodSource("missing")
    void namesTheMissingField(String line, String field) {
        assertThatThrownBy(() -> JsonLines.parseFeatureRecord(line))
                .isInstanceOfSatisfying(JsonLineException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JsonLineError.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo(field);
                })
                .hasMessage("missing required field \"" + field + "\"");
    }

    static Stream<Arguments> bad() {
        String millis = "must be an integer (epoch milliseconds), got ";
        String element = " must be a number, null or 'NaN' (missing), 'Infinity' or '-Infinity', got ";
        return Stream.of(
                Arguments.of("{'key':7,'event_time':0,'values':[]}", "key", "must be a string, got the number 7"),
                Arguments.of("{'key':null,'event_time':0,'values':[]}", "key", "must be a string, got null"),
                Arguments.of("{'key':'k','event_time':'now','values':[]}", "event_time", millis + "the string 'now'"),
                Arguments.of("{'key':'k','event_time':1.5,'values':[]}", "event_time", millis + "the number 1.5"),
                Arguments.of("{'key':'k','event_time':99999999999999999999,'values':[]}", "event_time", millis),
                Arguments.of(
                        "{'key':'k','event_time':0,'values':{}}",
                        "values",
                        "must be an array of numbers or nulls, got an object"),
                Arguments.of(
                        "{'key':'k','event_time':0,'values':['x']}",
                        "values",
                        "element 0" + element + "the string 'x'"),
                Arguments.of(
                        "{'key':'k','event_time':0,'values':[1,[1]]}", "values", "element 1" + element + "an array"),
                Arguments.of(
                        "{'key':'k','event_time':0,'values':[],'id':3}",
                        "id",
                        "must be a string or null, got the number 3"),
                Arguments.of(
                        "{'key':'k','event_time':0,'values':[],'attributes':[]}",
                        "attributes",
                        "must be an object of string values, got an array"),
                Arguments.of(
                        "{'key':'k','event_time':0,'values':[],'attributes':{'a':1}}",
                        "attributes",
                        "got the number 1 for 'a'"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void namesTheBadFieldAndTheExpectedType(String line, String field, String message) {
        assertThatThrownBy(() -> JsonLines.parseFeatureRecord(json(line)))
                .isInstanceOfSatisfying(JsonLineException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JsonLineError.BAD_FIELD);
                    assertThat(e.field()).isEqualTo(field);
                })
                .hasMessageContaining("field \"" + field + "\"")
                .hasMessageContaining(json(message));
    }

    /** JSON written with single quotes, for readable test tables. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
