package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code control --dry-run}: the command exactly as it would be sent, built from the flags, without a broker. */
class ControlDryRunTest {
    @TempDir
    Path dir;

    private static ControlCommand dryRun(String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--dry-run";
        Cli.Result r = Cli.run(all);
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.err()).contains("nothing was sent");
        return JsonLines.parseControlCommand(r.out().strip());
    }

    @Test
    void setAffineCarriesEveryFlag() {
        ControlCommand c = dryRun(
                "control",
                "set-affine",
                "--key",
                "k1",
                "--gamma",
                "1,2.5",
                "--beta=-1,0",
                "--effective-time",
                "2023-11-14T22:13:25Z",
                "--id",
                "c-1",
                "--issuer",
                "alice");

        assertThat(c.getId()).isEqualTo("c-1");
        assertThat(c.getKey()).isEqualTo("k1");
        assertThat(c.getCommand()).isEqualTo(CommandType.SET_AFFINE);
        assertThat(c.getEffectiveTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_005_000L));
        assertThat(c.getGamma()).containsExactly(1.0, 2.5);
        assertThat(c.getBeta()).containsExactly(-1.0, 0.0);
        assertThat(c.getIssuer()).isEqualTo("alice");
        assertThat(c.getMomentum()).isNull();
    }

    @Test
    void setPriorCarriesItsVectorsAndWeight() {
        ControlCommand c = dryRun(
                "control",
                "--command",
                "SET_PRIOR",
                "--key",
                "*",
                "--prior-mean",
                "0.5,3",
                "--prior-variance",
                "1,4",
                "--weight",
                "50",
                "--effective-time",
                "1700000000000",
                "--id",
                "p1");

        assertThat(c.getCommand()).isEqualTo(CommandType.SET_PRIOR);
        assertThat(c.getKey()).isEqualTo("*");
        assertThat(c.getPriorMean()).containsExactly(0.5, 3.0);
        assertThat(c.getPriorVariance()).containsExactly(1.0, 4.0);
        assertThat(c.getPriorWeight()).isEqualTo(50.0);
        assertThat(c.getEffectiveTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void setPriorFromAStatsFilePoolsEveryKeyWithItsCount() throws Exception {
        // Key a: 2 values of mean 0 and variance 1; key b: 6 values of mean 4 and variance 1. Pooled: mean
        // (2 * 0 + 6 * 4) / 8 = 3, variance (2 * 1 + 6 * 1) / 8 + (2 * 9 + 6 * 1) / 8 = 1 + 3 = 4.
        Path stats = Files.writeString(
                dir.resolve("stats.jsonl"),
                "{\"key\":\"a\",\"version\":1,\"mode\":\"TRAIN\",\"count\":2,\"running_mean\":[0.0],"
                        + "\"running_var\":[1.0],\"gamma\":[1.0],\"beta\":[0.0],\"momentum\":0.9,\"epsilon\":1.0E-5,"
                        + "\"event_time\":null,\"reset_generation\":0}\n"
                        + "{\"key\":\"b\",\"version\":3,\"mode\":\"TRAIN\",\"count\":6,\"running_mean\":[4.0],"
                        + "\"running_var\":[1.0],\"gamma\":[1.0],\"beta\":[0.0],\"momentum\":0.9,\"epsilon\":1.0E-5,"
                        + "\"event_time\":null,\"reset_generation\":0}\n");

        ControlCommand c =
                dryRun("control", "SET_PRIOR", "--key", "*", "--from-stats", stats.toString(), "--weight", "10");

        assertThat(c.getPriorMean())
                .singleElement()
                .satisfies(m -> assertThat(m).isCloseTo(3.0, within(1e-12)));
        assertThat(c.getPriorVariance())
                .singleElement()
                .satisfies(v -> assertThat(v).isCloseTo(4.0, within(1e-12)));
        assertThat(c.getPriorWeight()).isEqualTo(10.0);
    }

    @Test
    void aPriorIsRefusedWithTheFlagThatIsWrong() throws Exception {
        Path notStats = Files.writeString(dir.resolve("not-stats.jsonl"), "{\"key\":\"k\"}\n");
        assertRefused("--weight", "SET_PRIOR", "--key", "k", "--prior-mean", "1", "--prior-variance", "1");
        assertRefused("--from-stats", "SET_PRIOR", "--key", "k", "--from-stats", notStats.toString(), "--weight", "1");
        assertRefused("--prior-mean", "EVAL", "--key", "k", "--prior-mean", "1");
        assertRefused(
                "--prior-mean/--prior-variance/--weight",
                "SET_PRIOR",
                "--key",
                "k",
                "--prior-mean",
                "1",
                "--prior-variance",
                "-1",
                "--weight",
                "1");
        assertRefused("--command", "EVAL", "--command", "TRAIN", "--key", "k");
    }

    private static void assertRefused(String flag, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "control";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = "--dry-run";
        Cli.Result r = Cli.run(all);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).contains(flag);
    }

    @Test
    void defaultsAreARandomIdAndTheUserName() {
        ControlCommand first = dryRun("control", "EVAL", "--key", "*");
        ControlCommand second = dryRun("control", "EVAL", "--key", "*");

        assertThat(UUID.fromString(first.getId())).isNotEqualTo(UUID.fromString(second.getId()));
        assertThat(first.getIssuer()).isEqualTo(System.getProperty("user.name"));
        assertThat(first.getEffectiveTime()).isNull();
        assertThat(first.getKey()).isEqualTo("*");
    }

    @Test
    void setParamsAndEffectiveTimeAsEpochMillisOrWithAnOffset() {
        ControlCommand millis = dryRun(
                "control", "SET_PARAMS", "--key", "k", "--momentum", "0.99", "--effective-time", "1700000005000");
        ControlCommand offset = dryRun(
                "control",
                "set_params",
                "--key",
                "k",
                "--epsilon",
                "0.001",
                "--effective-time",
                "2023-11-14T23:13:25+01:00");

        assertThat(millis.getMomentum()).isEqualTo(0.99);
        assertThat(millis.getEpsilon()).isNull();
        assertThat(millis.getEffectiveTime()).isEqualTo(offset.getEffectiveTime());
        assertThat(offset.getEpsilon()).isEqualTo(0.001);
    }

    @Test
    void fromModelTakesGammaAndBetaInPyTorchOrKerasNaming() throws IOException {
        Path pytorch = Files.writeString(
                dir.resolve("torch.json"),
                "{\"weight\":[1.5,2.0],\"bias\":[0.25,-1.0],\"running_mean\":[9,9],\"running_var\":[9,9],"
                        + "\"num_batches_tracked\":3}");
        Path keras = Files.writeString(
                dir.resolve("keras.json"),
                "{\"format\":\"keras\",\"weights\":{\"gamma\":[3.0],\"beta\":[0.5],\"moving_mean\":[1],"
                        + "\"moving_variance\":[2]}}");

        ControlCommand fromTorch = dryRun("control", "SET_AFFINE", "--key", "k", "--from-model", pytorch.toString());
        ControlCommand fromKeras = dryRun("control", "SET_AFFINE", "--key", "k", "--from-model", keras.toString());

        assertThat(fromTorch.getGamma()).isEqualTo(List.of(1.5, 2.0));
        assertThat(fromTorch.getBeta()).isEqualTo(List.of(0.25, -1.0));
        assertThat(fromKeras.getGamma()).isEqualTo(List.of(3.0));
        assertThat(fromKeras.getBeta()).isEqualTo(List.of(0.5));
    }

    @Test
    void aModelWiderThanTheMaxDimensionIsRefusedBeforeSending() {
        Cli.Result r =
                Cli.run("control", "SET_AFFINE", "--key", "k", "--gamma", "1,2,3", "--max-dimension", "2", "--dry-run");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--gamma/--beta", "--max-dimension 2");
    }
}
