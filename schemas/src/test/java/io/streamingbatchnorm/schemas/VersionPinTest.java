package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionPinTest {
    private static final List<StatsVersion> NEVER_RESET =
            List.of(new StatsVersion(0, 5), new StatsVersion(0, 6), new StatsVersion(0, 7));
    private static final List<StatsVersion> RESET =
            List.of(new StatsVersion(0, 6), new StatsVersion(0, 7), new StatsVersion(1, 0), new StatsVersion(1, 6));

    @Test
    void parsesBothForms() {
        assertThat(VersionPin.parse("42")).isEqualTo(new VersionPin(null, 42));
        assertThat(VersionPin.parse(" 1:7 ")).isEqualTo(new VersionPin(1, 7));
        assertThat(VersionPin.parse("1:7")).hasToString("1:7");
        assertThat(VersionPin.parse("42")).hasToString("42");
        for (String bad : new String[] {"", "x", "-1", "1:", ":3", "1:2:3", "1.5", "-2:3", "99999999999:1"}) {
            assertThatThrownBy(() -> VersionPin.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("write N (a key never reset) or G:N");
        }
    }

    @Test
    void aPlainVersionNamesGenerationZeroOfAKeyNeverReset() {
        assertThat(VersionPin.parse("6").find(NEVER_RESET).index()).isEqualTo(1);
        assertThat(VersionPin.parse("0:6").find(NEVER_RESET).index()).isEqualTo(1);
    }

    @Test
    void aPlainVersionOfAResetKeyIsAmbiguous() {
        VersionPin.Match m = VersionPin.parse("6").find(RESET);

        assertThat(m.found()).isFalse();
        assertThat(m.problem()).contains("reset generation 1", "pin it as G:6, such as 1:6");
        assertThat(VersionPin.parse("0:6").find(RESET).index()).isEqualTo(0);
        assertThat(VersionPin.parse("1:6").find(RESET).index()).isEqualTo(3);
    }

    @Test
    void aVersionNotHeldIsRefusedWithTheVersionsThatAre() {
        assertThat(VersionPin.parse("4").find(NEVER_RESET).problem())
                .isEqualTo("version 0:4 is no longer held; held: 3 versions, 0:5 to 0:7 (G:N)");
        assertThat(VersionPin.parse("8").find(NEVER_RESET).problem())
                .isEqualTo("version 0:8 has not been published (yet); held: 3 versions, 0:5 to 0:7 (G:N)");
        assertThat(VersionPin.parse("1:3").find(RESET).problem()).contains("no longer held");
        assertThat(VersionPin.parse("2:0").find(RESET).problem()).contains("not been published");
        assertThat(VersionPin.parse("3").find(List.of(new StatsVersion(0, 2))).problem())
                .contains("held: only 0:2");
        assertThat(VersionPin.parse("3").find(List.of()).problem()).contains("no statistics");
    }

    @Test
    void versionsOrderByGenerationFirst() {
        assertThat(new StatsVersion(1, 0)).isGreaterThan(new StatsVersion(0, 99));
        assertThat(new StatsVersion(1, 2)).isLessThan(new StatsVersion(1, 3));
        assertThat(new StatsVersion(2, 5)).hasToString("2:5");
    }
}
