package io.streamingbatchnorm.examples;

import static io.streamingbatchnorm.testkit.ReplayAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.testkit.Command;
import io.streamingbatchnorm.testkit.FinalStats;
import io.streamingbatchnorm.testkit.Output;
import io.streamingbatchnorm.testkit.ReplayExtension;
import io.streamingbatchnorm.testkit.ReplayResult;
import io.streamingbatchnorm.testkit.ReplayRun;
import io.streamingbatchnorm.testkit.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A windowed replay test as a user writes one: four years of daily weather of two cities in weekly event-time
 * micro-batches, both cities frozen into eval mode from 2015 on. The model trained on 2012-2014 must serve 2015
 * with the statistics it ended 2014 with.
 */
@ExtendWith(ReplayExtension.class)
class WeatherReplayITCase {
    private static final long JAN_1_2015 = 1_420_070_400_000L;

    @Test
    void weeklyBatchesUntil2015AndFrozenStatisticsAfter(Replayer replayer) throws Exception {
        ReplayRun run = replayer.replay()
                .option("window", "7d")
                .parallelism(2)
                .command(Command.eval("*").at(JAN_1_2015));
        for (String line : Files.readAllLines(Path.of("weather.jsonl"))) {
            run.line(line);
        }

        ReplayResult result = run.run();

        assertThat(result).hasNoDeadLetters().hasOutputCount(2922);
        for (String city : new String[] {"Seattle", "New York"}) {
            FinalStats stats = result.finalStats(city);
            assertThat(stats.count())
                    .as("every day of 2012-2014 folded in, none of 2015")
                    .isEqualTo(1096);
            assertThat(result)
                    .key(city)
                    .switchedToEvalAt(JAN_1_2015)
                    .evalOutputsUsedVersion(stats.version())
                    .endedInMode(Mode.EVAL);
        }
        Output firstDay = result.output("sea-2012-01-01");
        assertThat(firstDay.mode()).isEqualTo(Mode.TRAIN);
        assertThat(result).batchOf("sea-2012-01-01").hasNormalizedMean(new double[] {0, 0, 0, 0}, within(1e-9));
    }
}
