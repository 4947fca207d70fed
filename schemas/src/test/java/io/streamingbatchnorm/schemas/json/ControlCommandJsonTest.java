package io.streamingbatchnorm.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.schemas.TestRecords;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ControlCommandJsonTest {

    @Test
    void parsesTheControlExample() {
        ControlCommand command = JsonLines.parseControlCommand(
                "{\"id\":\"c1\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":1700000005000}");

        assertThat(command.getId()).isEqualTo("c1");
        assertThat(command.getKey()).isEqualTo("*");
        assertThat(command.getCommand()).isEqualTo(CommandType.EVAL);
        assertThat(command.getEffectiveTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_005_000L));
        assertThat(command.getGamma()).isNull();
        assertThat(command.getMomentum()).isNull();
        assertThat(command.getIssuer()).isNull();
    }

    @Test
    void parsesEveryOptionalField() {
        ControlCommand command = JsonLines.parseControlCommand("{\"id\":\"c1\",\"key\":\"k1\",\"command\":"
                + "\"SET_AFFINE\",\"gamma\":[2,0.5],\"beta\":[0.1,-0.1],\"momentum\":0.99,\"epsilon\":1e-3,"
                + "\"issuer\":\"ops\",\"effective_time\":null}");

        assertThat(command.getGamma()).containsExactly(2.0, 0.5);
        assertThat(command.getBeta()).containsExactly(0.1, -0.1);
        assertThat(command.getMomentum()).isEqualTo(0.99);
        assertThat(command.getEpsilon()).isEqualTo(1e-3);
        assertThat(command.getIssuer()).isEqualTo("ops");
        assertThat(command.getEffectiveTime()).isNull();
    }

    @Test
    void roundTripsWithAndWithoutOptionalFields() {
        for (ControlCommand command : new ControlCommand[] {TestRecords.setAffine(), TestRecords.eval()}) {
            assertThat(JsonLines.parseControlCommand(JsonLines.writeControlCommand(command)))
                    .isEqualTo(command);
        }
        assertThat(JsonLines.writeControlCommand(TestRecords.eval()))
                .isEqualTo("{\"id\":\"c2\",\"key\":\"k1\",\"command\":\"EVAL\"}");
        assertThat(JsonLines.writeControlCommand(TestRecords.setAffine()))
                .isEqualTo("{\"id\":\"c1\",\"key\":\"*\","
                        + "\"command\":\"SET_AFFINE\",\"effective_time\":1700000005000,\"gamma\":[2.0,0.5],"
                        + "\"beta\":[0.1,-0.1],\"momentum\":0.99,\"epsilon\":0.001,\"issuer\":\"ops\"}");
    }

    @Test
    void namesTheAllowedCommandsForAnUnknownOne() {
        assertThatThrownBy(() -> JsonLines.parseControlCommand("{\"id\":\"c1\",\"key\":\"*\",\"command\":\"eval\"}"))
                .isInstanceOfSatisfying(JsonLineException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JsonLineError.UNKNOWN_COMMAND);
                    assertThat(e.field()).isEqualTo("command");
                })
                .hasMessage("unknown command \"eval\" in field \"command\": allowed values are "
                        + "TRAIN, EVAL, RESET, SET_AFFINE, SET_PARAMS, SET_PRIOR");
    }

    @Test
    void namesMissingAndBadFields() {
        assertThatThrownBy(() -> JsonLines.parseControlCommand("{\"id\":\"c1\",\"command\":\"EVAL\"}"))
                .isInstanceOfSatisfying(JsonLineException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JsonLineError.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo("key");
                });
        assertThatThrownBy(() -> JsonLines.parseControlCommand(
                        "{\"id\":\"c1\",\"key\":\"*\",\"command\":\"SET_AFFINE\",\"gamma\":[1,null]}"))
                .isInstanceOfSatisfying(JsonLineException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JsonLineError.BAD_FIELD);
                    assertThat(e.field()).isEqualTo("gamma");
                })
                .hasMessageContaining("field \"gamma\" element 1 must be a number");
        assertThatThrownBy(() -> JsonLines.parseControlCommand(
                        "{\"id\":\"c1\",\"key\":\"*\",\"command\":\"SET_PARAMS\",\"momentum\":\"high\"}"))
                .isInstanceOfSatisfying(JsonLineException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JsonLineError.BAD_FIELD);
                    assertThat(e.field()).isEqualTo("momentum");
                })
                .hasMessageContaining("got the string \"high\"");
    }
}
