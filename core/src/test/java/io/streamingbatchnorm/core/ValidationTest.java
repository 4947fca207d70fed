package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.core.config.ConfigOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();

    @Test
    void defaultsAreThoseOfTheDesign() {
        assertThat(CONFIG.momentum()).isEqualTo(0.9);
        assertThat(CONFIG.epsilon()).isEqualTo(1e-5);
        assertThat(CONFIG.batchSize()).isEqualTo(32);
        assertThat(CONFIG.minBatchSize()).isEqualTo(2);
        assertThat(CONFIG.initialMode()).isEqualTo(Mode.TRAIN);
        assertThat(CONFIG.running()).isEqualTo(Running.EMA);
        assertThat(CONFIG.runningVariance()).isEqualTo(RunningVariance.BIASED);
        assertThat(CONFIG.missing()).isEqualTo(MissingPolicy.NAN);
        assertThat(CONFIG.init()).isEqualTo(InitPolicy.ZEROS);
        assertThat(CONFIG.windowing()).isEqualTo(Windowing.COUNT);
    }

    @Test
    void everyOptionDefaultParsesToTheBuilderDefault() {
        Map<String, String> defaults = new java.util.HashMap<>();
        for (ConfigOption<?> o : NormalizerOptions.ALL) {
            defaults.put(o.key(), o.defaultText());
        }
        assertThat(NormalizerOptions.parse(defaults)).isEqualTo(CONFIG);
    }

    @Test
    void everyDefaultTextParsesBackToTheDefault() {
        for (ConfigOption<?> o : NormalizerOptions.ALL) {
            assertThat((Object) o.parse(o.defaultText())).as(o.flag()).isEqualTo(o.defaultValue());
        }
        assertThat(NormalizerOptions.EPSILON.defaultText()).isEqualTo("1e-5");
        assertThat(NormalizerOptions.MAX_BATCH_DELAY.defaultText()).isEqualTo("1m");
    }

    @Test
    void badValuesNameTheFlag() {
        assertRefused(Map.of("momentum", "1.0"), "momentum", "[0, 1)");
        assertRefused(Map.of("momentum", "-0.1"), "momentum", "[0, 1)");
        assertRefused(Map.of("epsilon", "-1e-5"), "epsilon", ">= 0");
        assertRefused(Map.of("batch-size", "0"), "batch-size", "at least 1");
        assertRefused(Map.of("batch-size", "many"), "batch-size", "not a whole number");
        assertRefused(Map.of("min-batch-size", "0"), "min-batch-size", "at least 1");
        assertRefused(Map.of("window", "10 parsecs"), "window", "500ms, 10s");
        assertRefused(Map.of("running", "median"), "running", "ema, cumulative");
        assertRefused(Map.of("init", "ones"), "init", "zeros, first-batch");
        assertRefused(Map.of("running-variance", "unbiased", "min-batch-size", "1"), "min-batch-size", "n-1");
        assertRefused(Map.of("max-dimension", "0"), "max-dimension", "[1,");
        assertRefused(Map.of("colour", "blue"), "colour", "unknown option");
    }

    private static void assertRefused(Map<String, String> flags, String option, String hint) {
        assertThatThrownBy(() -> NormalizerOptions.parse(flags))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--" + option)
                .hasMessageContaining(hint)
                .satisfies(e -> assertThat(((ConfigException) e).option()).isEqualTo(option));
    }

    @Test
    void flagsParse() {
        NormalizerConfig c = NormalizerOptions.parse(
                Map.of("window", "7d", "momentum", "0.99", "init", "first-batch", "control-issuers", "ops, ci"));
        assertThat(c.windowing()).isEqualTo(Windowing.EVENT_TIME);
        assertThat(c.window()).isEqualTo(Duration.ofDays(7));
        assertThat(c.momentum()).isEqualTo(0.99);
        assertThat(c.init()).isEqualTo(InitPolicy.FIRST_BATCH);
        assertThat(c.allowedIssuers()).containsExactlyInAnyOrder("ops", "ci");
    }

    @Test
    void durationsRoundTrip() {
        for (String s : new String[] {"500ms", "10s", "5m", "1h", "7d", "0ms"}) {
            assertThat(Durations.format(Durations.parse("x", s))).isEqualTo(s);
        }
        assertThat(Durations.parse("x", "90s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void recordsWithNonFiniteOrMalformedFieldsAreRejectedWithTheField() {
        assertReason(
                RecordCheck.validate("k", 0, new double[] {1, Double.POSITIVE_INFINITY}, CONFIG),
                ReasonCode.INFINITE_VALUE,
                "values[1]");
        assertReason(
                RecordCheck.validate("k", 0, new double[] {Double.NEGATIVE_INFINITY}, CONFIG),
                ReasonCode.INFINITE_VALUE,
                "values[0]");
        assertReason(RecordCheck.validate("", 0, new double[] {1}, CONFIG), ReasonCode.MISSING_KEY, "'key'");
        assertReason(RecordCheck.validate(null, 0, new double[] {1}, CONFIG), ReasonCode.MISSING_KEY, "'key'");
        assertReason(RecordCheck.validate("k", 0, new double[0], CONFIG), ReasonCode.EMPTY_VALUES, "'values'");
        assertReason(
                RecordCheck.validate("k", Long.MAX_VALUE, new double[] {1}, CONFIG),
                ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                "'event_time'");
        assertReason(RecordCheck.validate("k", 0, new double[4097], CONFIG), ReasonCode.DIMENSION_TOO_LARGE, "4096");
        assertReason(RecordCheck.checkDimension("k", new double[3], 2), ReasonCode.WRONG_DIMENSION, "dimension 2");
        assertThat(RecordCheck.validate("k", 0, new double[] {Double.NaN, 1}, CONFIG))
                .isNull();
        assertThat(RecordCheck.checkDimension("k", new double[3], 0)).isNull();
    }

    @Test
    void invalidCommandsAreRejectedWithTheField() {
        assertReason(
                CommandCheck.validate(command("", CommandType.EVAL, null, null, null, null), CONFIG),
                ReasonCode.INVALID_COMMAND,
                "'id'");
        assertReason(
                CommandCheck.validate(command("c", null, null, null, null, null), CONFIG),
                ReasonCode.UNKNOWN_COMMAND,
                "SET_PARAMS");
        assertReason(
                CommandCheck.validate(command("c", CommandType.SET_AFFINE, null, null, null, null), CONFIG),
                ReasonCode.INVALID_COMMAND,
                "'gamma'");
        assertReason(
                CommandCheck.validate(
                        command("c", CommandType.SET_AFFINE, new double[] {1, 2}, new double[] {1}, null, null),
                        CONFIG),
                ReasonCode.WRONG_AFFINE_DIMENSION,
                "'beta'");
        assertReason(
                CommandCheck.validate(
                        command("c", CommandType.SET_AFFINE, new double[] {Double.NaN}, null, null, null), CONFIG),
                ReasonCode.INVALID_COMMAND,
                "gamma[0]");
        assertReason(
                CommandCheck.validate(command("c", CommandType.SET_PARAMS, null, null, 1.0, null), CONFIG),
                ReasonCode.INVALID_COMMAND,
                "'momentum'");
        assertReason(
                CommandCheck.validate(command("c", CommandType.SET_PARAMS, null, null, null, -1.0), CONFIG),
                ReasonCode.INVALID_COMMAND,
                "'epsilon'");
        assertReason(
                CommandCheck.validate(command("c", CommandType.SET_PARAMS, null, null, null, null), CONFIG),
                ReasonCode.INVALID_COMMAND,
                "'momentum' or 'epsilon'");
        assertThat(CommandCheck.validate(command("c", CommandType.EVAL, null, null, null, null), CONFIG))
                .isNull();
    }

    @Test
    void issuerAllowlist() {
        NormalizerConfig guarded =
                CONFIG.toBuilder().allowedIssuers(java.util.Set.of("ops")).build();
        Command fromOps = new Command("c", "k", CommandType.EVAL, null, null, null, null, null, "ops", 0);
        Command fromEve = new Command("d", "k", CommandType.EVAL, null, null, null, null, null, "eve", 0);
        assertThat(CommandCheck.validate(fromOps, guarded)).isNull();
        assertReason(CommandCheck.validate(fromEve, guarded), ReasonCode.UNAUTHORIZED_ISSUER, "eve");
    }

    private static Command command(String id, CommandType type, double[] g, double[] b, Double m, Double e) {
        return new Command(id, "k", type, null, g, b, m, e, null, 0);
    }

    private static void assertReason(Rejection r, ReasonCode reason, String mention) {
        assertThat(r).isNotNull();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).contains(mention);
    }
}
