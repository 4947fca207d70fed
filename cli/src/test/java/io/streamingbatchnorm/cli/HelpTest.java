package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.kafka.ServingOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command documents itself, and offers exactly the flags the core and the job parse. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "replay", "run", "control", "stats", "drift", "serve"})
    void everyCommandHasHelpWithExamples(String command) {
        Cli.Result r = Cli.run(command, "--help");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Usage: normalize " + command, "Examples:", "normalize " + command + " ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void everyHelpTextIsAValidFormatString() {
        // Picocli formats the texts with String.format; a lone % makes it print a warning and the raw text.
        for (var command : Normalize.commandLine().getSubcommands().values()) {
            var usage = command.getCommandSpec().usageMessage();
            for (String[] texts : List.of(usage.description(), usage.header(), usage.footer())) {
                for (String text : texts) {
                    assertThatCode(() -> String.format(text))
                            .as("%s: %s", command.getCommandName(), text)
                            .doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void replayOffersEveryNormalizationFlag() {
        String help = Cli.run("replay", "--help").out();

        for (ConfigOption<?> o : NormalizerOptions.ALL) {
            assertThat(help).contains(o.flag());
        }
        assertThat(help)
                .contains(
                        "--input=",
                        "--output=",
                        "--control=",
                        "--stats-output=",
                        "--dlq-output=",
                        "--drift-output=",
                        "--parallelism=");
    }

    @Test
    void runOffersEveryJobAndNormalizationFlag() {
        String help = Cli.run("run", "--help").out();

        for (ConfigOption<?> o : JobOptions.ALL) {
            assertThat(help).contains(o.flag());
        }
        for (ConfigOption<?> o : NormalizerOptions.ALL) {
            assertThat(help).contains(o.flag());
        }
        assertThat(help).contains("flink run -d streaming-batchnorm-job-");
    }

    @Test
    void demoOffersEveryNormalizationFlagAndServeEveryServingFlag() {
        String demo = Cli.run("demo", "--help").out();
        String serve = Cli.run("serve", "--help").out();

        for (ConfigOption<?> o : NormalizerOptions.ALL) {
            assertThat(demo).contains(o.flag());
        }
        assertThat(demo)
                .contains(
                        "--dataset=",
                        "--records=",
                        "--seed=",
                        "--rate=",
                        "--chart=",
                        "--summary-json=",
                        "--output-dir=",
                        "--delivery=");
        for (ConfigOption<?> o : ServingOptions.ALL) {
            assertThat(serve).contains(o.flag());
        }
        assertThat(serve).contains("--kafka-property=", "GET /health");
    }

    @Test
    void theRootListsTheCommandsAndNeedsOne() {
        Cli.Result help = Cli.run("--help");
        Cli.Result none = Cli.run();

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("demo", "replay", "run", "control", "stats", "drift", "serve");
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
