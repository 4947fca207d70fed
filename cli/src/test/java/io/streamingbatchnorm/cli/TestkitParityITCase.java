package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testkit.Command;
import io.streamingbatchnorm.testkit.Output;
import io.streamingbatchnorm.testkit.ReplayExtension;
import io.streamingbatchnorm.testkit.ReplayResult;
import io.streamingbatchnorm.testkit.ReplayRun;
import io.streamingbatchnorm.testkit.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A testkit replay and {@code normalize replay} of the same records, commands and flags give the same bits. */
@ExtendWith(ReplayExtension.class)
class TestkitParityITCase {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void theTestkitGivesWhatTheCommandWrites(Replayer replayer, @TempDir Path dir) throws Exception {
        Random random = new Random(21);
        List<String> lines = new ArrayList<>();
        ReplayRun run = replayer.replay()
                .parallelism(2)
                .option("batch-size", "7")
                .option("momentum", "0.8")
                .command(Command.eval("k2").at(T0 + 300));
        for (int i = 0; i < 400; i++) {
            double[] v = {random.nextGaussian(), random.nextInt(10) == 0 ? Double.NaN : 50 * random.nextGaussian()};
            String key = "k" + (i % 3);
            run.record(key, T0 + i, "r" + i, v);
            lines.add(String.format(
                    "{\"key\":\"%s\",\"event_time\":%d,\"values\":[%s,%s],\"id\":\"r%d\"}",
                    key, T0 + i, v[0], Double.isNaN(v[1]) ? "null" : Double.toString(v[1]), i));
        }
        Path in = Files.write(dir.resolve("in.jsonl"), lines);
        Path control = Files.writeString(
                dir.resolve("control.jsonl"),
                "{\"id\":\"c1\",\"key\":\"k2\",\"command\":\"EVAL\",\"effective_time\":" + (T0 + 300) + "}\n");
        Path out = dir.resolve("out.jsonl");

        ReplayResult kit = run.run();
        Cli.Result cli = Cli.run(
                "replay",
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--control",
                control.toString(),
                "--batch-size",
                "7",
                "--momentum",
                "0.8",
                "--parallelism",
                "2");

        assertThat(cli.exitCode()).as("%s", cli).isZero();
        List<String> written = Files.readAllLines(out);
        assertThat(written).hasSize(kit.outputs().size());
        for (String line : written) {
            NormalizedRecord r = JsonLines.parseNormalizedRecord(line);
            Output o = kit.output(r.getId());
            assertThat(o.values()).isEqualTo(CoreMapping.toVector(r.getValues()));
            assertThat(o.version()).isEqualTo(r.getStatsVersion());
            assertThat(o.mode().name()).isEqualTo(r.getMode().name());
            assertThat(o.batchSize()).isEqualTo(r.getBatchSize());
        }
    }
}
