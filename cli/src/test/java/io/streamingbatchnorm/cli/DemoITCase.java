package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.cli.demo.DemoStream;
import io.streamingbatchnorm.cli.demo.Moments;
import io.streamingbatchnorm.cli.demo.Payload;
import io.streamingbatchnorm.cli.demo.SyntheticStream;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.ById;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import io.streamingbatchnorm.testing.ReferenceStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code normalize demo} end to end, in-process: a real broker, the job on a MiniCluster, a short stream of
 * 2,000 messages. Everything it printed and wrote is checked against the semantics, computed here from the
 * generated stream by the independent {@link ReferenceStream}.
 */
class DemoITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 2000;
    private static final long SEED = 7;

    @TempDir
    static Path dir;

    private static Cli.Result run;
    private static JsonNode summary;
    private static DemoStream stream;
    private static ReferenceStream reference;

    @BeforeAll
    static void runDemo() throws Exception {
        run = Cli.run(
                "demo",
                "--records",
                Integer.toString(RECORDS),
                "--seed",
                Long.toString(SEED),
                "--rate",
                "1000",
                // Eval windows small enough that the switched keys' few hundred eval records fill some.
                "--drift-window",
                "64",
                "--chart",
                dir.resolve("demo.png").toString(),
                "--summary-json",
                dir.resolve("summary.json").toString(),
                "--output-dir",
                dir.resolve("out").toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        summary = JSON.readTree(dir.resolve("summary.json").toFile());
        stream = SyntheticStream.generate(RECORDS, SEED);
        reference = DemoReference.of(stream, 32, ReferenceBatchNorm.Settings.DEFAULTS);
    }

    @Test
    void printsProgressAndATableOfEveryKeyFeatureAndMode() {
        assertThat(run.err())
                .contains(
                        "Kafka broker (KRaft) started in this process",
                        "exactly-once",
                        "in 2,000/2,000",
                        "sensor-c EVAL v",
                        "chart: " + dir.resolve("demo.png"));
        List<String> table =
                run.out().lines().filter(l -> l.startsWith("sensor-")).toList();
        // Two train-only keys with 3 rows each, two switched keys with a TRAIN and an EVAL row per feature.
        assertThat(table).hasSize(3 + 3 + 6 + 6);
        assertThat(run.out()).contains("KEY", "RAW MEAN", "NORM STD", "RUNNING VAR", "VERSION");
    }

    @Test
    void everyBadMessageIsOneDeadLetterWithTheReasonItWasMadeFor() {
        assertThat(stream.badCount()).isEqualTo(4);
        assertThat(summary.get("bad_injected").asLong()).isEqualTo(4);
        assertThat(summary.get("dead_letters").asLong()).isEqualTo(4);
        assertThat(summary.get("normalized").asLong()).isEqualTo(RECORDS - 4);
        Map<String, Long> reasons = JSON.convertValue(
                summary.get("dead_letters_by_reason"),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, Long.class));
        assertThat(reasons).isEqualTo(stream.defects());
    }

    @Test
    void everyOutputIsWhatTheSemanticsGiveForItsRecord() throws Exception {
        Map<String, NormalizedRecord> written = ById.index(
                Files.readAllLines(dir.resolve("out/normalized.jsonl")).stream()
                        .map(JsonLines::parseNormalizedRecord)
                        .toList(),
                NormalizedRecord::getId);
        assertThat(written.keySet()).isEqualTo(reference.outputs().keySet());
        reference.outputs().forEach((id, expected) -> {
            NormalizedRecord r = written.get(id);
            assertThat(r.getMode()).as("mode of %s", id).isEqualTo(expected.eval() ? Mode.EVAL : Mode.TRAIN);
            assertThat(r.getStatsVersion()).as("version of %s", id).isEqualTo(expected.version());
            assertThat(r.getBatchSize()).as("batch size of %s", id).isEqualTo(expected.batchSize());
            double[] y = CoreMapping.toVector(r.getValues());
            assertThat(y).as("dimension of %s", id).hasSameSizeAs(expected.y());
            for (int j = 0; j < y.length; j++) {
                if (Double.isNaN(expected.y()[j])) {
                    assertThat(y[j]).as("missing value %d of %s", j, id).isNaN();
                } else {
                    assertThat(y[j]).as("value %d of %s", j, id).isCloseTo(expected.y()[j], within(1e-9));
                }
            }
        });
    }

    @Test
    void evalOutputsUseTheStatisticsFrozenAtTheSwitch() throws Exception {
        Map<String, StatsSnapshot> last = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("out/stats.jsonl"))) {
            StatsSnapshot s = JsonLines.parseStatsSnapshot(line);
            last.put(s.getKey(), s);
        }
        for (JsonNode key : summary.get("keys")) {
            String name = key.get("key").asText();
            ReferenceBatchNorm expected = reference.keys().get(name);
            assertThat(key.get("version").asLong()).as(name).isEqualTo(expected.version());
            assertThat(last.get(name).getVersion()).isEqualTo(expected.version());
            for (int j = 0; j < expected.mean().length; j++) {
                assertThat(key.get("running_mean").get(j).asDouble())
                        .isCloseTo(expected.mean()[j], within(1e-9 * Math.abs(expected.mean()[j]) + 1e-12));
                assertThat(key.get("running_var").get(j).asDouble())
                        .isCloseTo(expected.var()[j], within(1e-9 * expected.var()[j]));
            }
            if (stream.switchedKeys().contains(name)) {
                assertThat(key.get("mode").asText()).isEqualTo("EVAL");
                assertThat(key.get("eval_versions")).as("one frozen version").hasSize(1);
                assertThat(key.get("eval_versions").get(0).asLong()).isEqualTo(expected.version());
            } else {
                assertThat(key.get("mode").asText()).isEqualTo("TRAIN");
                assertThat(key.get("eval_outputs").asLong()).isZero();
            }
        }
    }

    @Test
    void theSummaryHasTheMomentsTheSemanticsPredict() {
        for (JsonNode key : summary.get("keys")) {
            String name = key.get("key").asText();
            for (JsonNode feature : key.get("features")) {
                int j = feature.get("feature").asInt();
                for (Mode mode : Mode.values()) {
                    JsonNode m = feature.get(mode.name().toLowerCase(java.util.Locale.ROOT));
                    Moments raw = new Moments();
                    Moments normalized = new Moments();
                    reference.outputs().values().stream()
                            .filter(o -> o.key().equals(name) && o.eval() == (mode == Mode.EVAL))
                            .forEach(o -> {
                                raw.add(o.x()[j]);
                                normalized.add(o.y()[j]);
                            });
                    if (raw.count() == 0) {
                        assertThat(m).as("%s %s %s", name, j, mode).isNull();
                        continue;
                    }
                    assertThat(m.get("values").asLong()).isEqualTo(raw.count());
                    assertThat(m.get("raw_mean").asDouble()).isCloseTo(raw.mean(), within(1e-9 * raw.std()));
                    assertThat(m.get("raw_std").asDouble()).isCloseTo(raw.std(), within(1e-9 * raw.std()));
                    assertThat(m.get("norm_mean").asDouble()).isCloseTo(normalized.mean(), within(1e-9));
                    assertThat(m.get("norm_std").asDouble()).isCloseTo(normalized.std(), within(1e-9));
                }
            }
        }
        // In train mode over whole batches: mean 0, and std sqrt(var / (var + epsilon)), visibly under 1 for x2,
        // whose variance is close to epsilon. sensor-a's batches are all large enough to be folded.
        JsonNode a = summary.get("keys").get(0);
        assertThat(a.get("key").asText()).isEqualTo("sensor-a");
        assertThat(a.get("features").get(0).get("train").get("norm_mean").asDouble())
                .isCloseTo(0, within(1e-12));
        assertThat(a.get("features").get(0).get("train").get("norm_std").asDouble())
                .isCloseTo(1, within(1e-5));
        assertThat(a.get("features").get(2).get("train").get("norm_std").asDouble())
                .isLessThan(0.95);
    }

    @Test
    void theSwitchedKeysDriftAwayFromTheirFrozenStatisticsAndTheSummarySaysSo() {
        long train = 0;
        long eval = 0;
        for (JsonNode key : summary.get("keys")) {
            String name = key.get("key").asText();
            train += key.get("drift_events_train").asLong();
            eval += key.get("drift_events_eval").asLong();
            if (stream.switchedKeys().contains(name)) {
                assertThat(key.get("drift_events_eval").asLong()).as(name).isPositive();
                assertThat(key.get("first_eval_drift_ms").asLong())
                        .as(name)
                        .isGreaterThanOrEqualTo(summary.get("switch_time_ms").asLong());
                assertThat(run.out())
                        .contains("  " + name + ": train "
                                + key.get("drift_events_train").asLong() + ", eval "
                                + key.get("drift_events_eval").asLong() + ", first eval drift at ");
            } else {
                assertThat(key.get("drift_events_eval").asLong()).as(name).isZero();
                assertThat(key.has("first_eval_drift_ms")).as(name).isFalse();
            }
        }
        assertThat(summary.get("drift_events_train").asLong()).isEqualTo(train);
        assertThat(summary.get("drift_events_eval").asLong()).isEqualTo(eval);
        assertThat(run.out())
                .contains(String.format(
                        "DRIFT: %,d events (%,d of train batches, %,d of eval windows;", train + eval, train, eval));
    }

    @Test
    void theChartIsAPngOfTheStatedSize() throws Exception {
        BufferedImage image = ImageIO.read(dir.resolve("demo.png").toFile());

        assertThat(image).isNotNull();
        assertThat(image.getWidth())
                .isEqualTo(1200)
                .isEqualTo(summary.get("chart_width").asInt());
        assertThat(image.getHeight())
                .isEqualTo(800)
                .isEqualTo(summary.get("chart_height").asInt());
    }

    @Test
    void theInputFilesHoldTheGeneratedStreamInTheReplayFormat() throws Exception {
        List<String> ids = Files.readAllLines(dir.resolve("out/input.jsonl")).stream()
                .map(l -> JsonLines.parseFeatureRecord(l).getId())
                .toList();
        assertThat(ids)
                .isEqualTo(stream.payloads().stream()
                        .filter(Payload::good)
                        .map(p -> p.record().getId())
                        .toList());
        assertThat(Files.readAllLines(dir.resolve("out/control.jsonl")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(JsonLines.parseControlCommand(l)
                                .getEffectiveTime()
                                .toEpochMilli())
                        .isEqualTo(stream.switchTime()));
        assertThat(Files.readAllLines(dir.resolve("out/dead-letters.jsonl"))).hasSize(4);
    }
}
