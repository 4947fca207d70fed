package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The forms {@code --effective-time} accepts. */
class EffectiveTimesTest {
    @Test
    void epochMillisAndIsoInstantsGiveTheSameTime() {
        assertThat(EffectiveTimes.parse("1700000005000")).isEqualTo(1_700_000_005_000L);
        assertThat(EffectiveTimes.parse("2023-11-14T22:13:25Z")).isEqualTo(1_700_000_005_000L);
        assertThat(EffectiveTimes.parse("2023-11-14T22:13:25.250Z")).isEqualTo(1_700_000_005_250L);
        assertThat(EffectiveTimes.parse("2023-11-14T17:13:25-05:00")).isEqualTo(1_700_000_005_000L);
        assertThat(EffectiveTimes.parse(" 0 ")).isZero();
    }

    @Test
    void aTimeWithoutAZoneIsRefused() {
        // A local date-time would silently depend on the machine's time zone.
        assertThatThrownBy(() -> EffectiveTimes.parse("2023-11-14T22:13:25"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("--effective-time:");
        assertThatThrownBy(() -> EffectiveTimes.parse("99999999999999999999"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("epoch milliseconds");
    }
}
