package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.flink.JobOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every command documents itself, and offers exactly the flags the core and the job parse. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"replay", "run", "control", "stats"})
    void everyCommandHasHelpWithExamples(String command) {
        Cli.Result r = Cli.run(command, "--help");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Usage: normalize " + command, "Examples:", "normalize " + command + " ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void replayOffersEveryNormalizationFlag() {
        String help = Cli.run("replay", "--help").out();

        for (NormalizerOptions.Option o : NormalizerOptions.ALL) {
            assertThat(help).contains("--" + o.name() + "=");
        }
        assertThat(help).contains("--input=", "--output=", "--control=", "--stats-output=", "--dlq-output=",
                "--parallelism=");
    }

    @Test
    void runOffersEveryJobAndNormalizationFlag() {
        String help = Cli.run("run", "--help").out();

        for (JobOptions.Option o : JobOptions.ALL) {
            assertThat(help).contains("--" + o.name() + "=");
        }
        for (NormalizerOptions.Option o : NormalizerOptions.ALL) {
            assertThat(help).contains("--" + o.name() + "=");
        }
        assertThat(help).contains("flink run -c " + Normalize.class.getName());
    }

    @Test
    void theRootListsTheCommandsAndNeedsOne() {
        Cli.Result help = Cli.run("--help");
        Cli.Result none = Cli.run();

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("replay", "run", "control", "stats");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("missing a command");
    }

    @Test
    void versionNamesTheStack() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("normalize", "Apache Flink 2.", "Apache Kafka clients 4.", "Java ");
    }
}
