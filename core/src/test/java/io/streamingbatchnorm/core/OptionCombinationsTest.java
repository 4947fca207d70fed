package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new options, their defaults, and the combinations that are refused naming both flags. */
class OptionCombinationsTest {

    @Test
    void newOptionsHaveTheirDefaultsAndParse() {
        NormalizerConfig d = NormalizerConfig.defaults();
        assertThat(d.halfLife()).isNull();
        assertThat(d.renorm()).isFalse();
        assertThat(d.renormRmax()).isEqualTo(3.0);
        assertThat(d.renormDmax()).isEqualTo(5.0);
        assertThat(d.renormWarmup()).isZero();
        assertThat(d.late()).isEqualTo(LatePolicy.NORMALIZE);
        assertThat(NormalizerOptions.RENORM_RMAX.defaultText()).isEqualTo("3");

        NormalizerConfig c = NormalizerOptions.parse(Map.of(
                "running", "decay",
                "half-life", "1h",
                "renorm", "true",
                "renorm-rmax", "2.5",
                "renorm-dmax", "0",
                "renorm-warmup", "100",
                "window", "10s",
                "late", "fold"));
        assertThat(c.running()).isEqualTo(Running.DECAY);
        assertThat(c.halfLife()).isEqualTo(Duration.ofHours(1));
        assertThat(c.halfLifeMillis()).isEqualTo(3_600_000L);
        assertThat(c.renormRmax()).isEqualTo(2.5);
        assertThat(c.renormDmax()).isZero();
        assertThat(c.renormWarmup()).isEqualTo(100);
        assertThat(c.late()).isEqualTo(LatePolicy.FOLD);
        assertThat(NormalizerOptions.parse(Map.of("running", "average")).running())
                .isEqualTo(Running.AVERAGE);
    }

    @Test
    void decayNeedsAHalfLifeAndAHalfLifeNeedsDecay() {
        assertRefused(Map.of("running", "decay"), "half-life", "--running decay");
        assertRefused(Map.of("half-life", "1h"), "half-life", "--running decay");
        assertRefused(Map.of("half-life", "1h", "running", "cumulative"), "half-life", "cumulative");
        assertRefused(Map.of("running", "decay", "half-life", "0ms"), "half-life", "at least 1ms");
    }

    @Test
    void renormSettingsNeedRenormAndAreBounded() {
        assertRefused(Map.of("renorm-rmax", "2"), "renorm-rmax", "--renorm");
        assertRefused(Map.of("renorm-dmax", "1"), "renorm-dmax", "--renorm");
        assertRefused(Map.of("renorm-warmup", "10"), "renorm-warmup", "--renorm");
        assertRefused(Map.of("renorm", "true", "renorm-rmax", "0.5"), "renorm-rmax", ">= 1");
        assertRefused(Map.of("renorm", "true", "renorm-rmax", "Infinity"), "renorm-rmax", ">= 1");
        assertRefused(Map.of("renorm", "true", "renorm-dmax", "-1"), "renorm-dmax", ">= 0");
        assertRefused(Map.of("renorm", "true", "renorm-warmup", "-1"), "renorm-warmup", "at least 0");
        assertThat(NormalizerOptions.parse(Map.of("renorm", "true", "renorm-rmax", "1", "renorm-dmax", "0"))
                        .renorm())
                .isTrue();
    }

    @Test
    void lateFoldNeedsAnOrderIndependentRunningModeAndAWindow() {
        assertRefused(Map.of("late", "fold", "window", "10s"), "late", "--running cumulative or decay");
        assertRefused(Map.of("late", "fold", "window", "10s", "running", "average"), "late", "order");
        assertRefused(Map.of("late", "fold", "running", "cumulative"), "late", "--window");
        assertThat(NormalizerOptions.parse(Map.of("late", "fold", "window", "10s", "running", "cumulative"))
                        .late())
                .isEqualTo(LatePolicy.FOLD);
    }

    @Test
    void momentumIsAcceptedWithEveryRunningMode() {
        for (String running : new String[] {"ema", "cumulative", "average"}) {
            assertThat(NormalizerOptions.parse(Map.of("running", running, "momentum", "0.5"))
                            .momentum())
                    .isEqualTo(0.5);
        }
        assertThat(NormalizerOptions.parse(Map.of("running", "decay", "half-life", "1m", "momentum", "0.5"))
                        .momentum())
                .isEqualTo(0.5);
    }

    private static void assertRefused(Map<String, String> flags, String option, String hint) {
        assertThatThrownBy(() -> NormalizerOptions.parse(flags))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--" + option)
                .hasMessageContaining(hint)
                .satisfies(e -> assertThat(((ConfigException) e).option()).isEqualTo(option));
    }
}
