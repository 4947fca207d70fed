package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that talks to Kafka reports an unreachable broker in one line, with exit code 1, well within
 * 30 s. The bound checks that the client timeouts are set; it is not a performance claim. The cases wait on a
 * timeout, not on the CPU, so they run concurrently.
 */
@Execution(ExecutionMode.CONCURRENT)
class UnreachableBrokerITCase {
    private static final String NOWHERE = "127.0.0.1:1";

    @ParameterizedTest
    @ValueSource(strings = {"control", "stats", "run", "serve"})
    void anUnreachableBrokerIsReportedClearlyWithinThirtySeconds(String command) {
        Cli.Result r = switch (command) {
            case "control" -> Cli.run("control", "EVAL", "--key", "k", "--bootstrap-servers", NOWHERE);
            case "stats" -> Cli.run("stats", "--bootstrap-servers", NOWHERE);
            case "serve" -> Cli.run("serve", "--bootstrap-servers", NOWHERE);
            default -> Cli.run("run", "--bootstrap-servers", NOWHERE);
        };

        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo(String.format(
                        "normalize %s: cannot reach Kafka at --bootstrap-servers %s within"
                                + " 15 s; check the address and that the brokers are up%n",
                        command, NOWHERE));
        assertThat(r.out()).isEmpty();
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(35));
    }
}
