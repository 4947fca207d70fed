package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic stream whose distribution moves: per key and feature, a mean that drifts and oscillates and
 * a spread that grows, with a few missing values and a few bad messages. The same record count and seed
 * give the same stream, to the bit.
 *
 * <p>The features have different scales on purpose: {@code x2} varies by a few thousandths, so its
 * variance is close to epsilon (1e-5) and its normalized spread visibly stays below 1
 * ({@code sqrt(var / (var + epsilon))}).
 */
public final class SyntheticStream {
    /** Event time of the first record: 2024-01-01T00:00:00Z. */
    public static final long T0 = 1_704_067_200_000L;
    /** Event time between two consecutive records (of any key). */
    public static final long STEP_MS = 100;

    public static final List<String> KEYS = List.of("sensor-a", "sensor-b", "sensor-c", "sensor-d");
    /** The keys switched to eval mode halfway through the stream. */
    public static final Set<String> SWITCHED = Set.of("sensor-c", "sensor-d");

    public static final List<String> FEATURES = List.of("x0", "x1", "x2");
    private static final double[] SCALE = {10, 1, 0.004};
    private static final double MISSING_RATE = 0.01;
    private static final String[] DEFECTS = {"INFINITE_VALUE", "WRONG_DIMENSION", "BAD_HEADER", "UNDECODABLE"};

    private SyntheticStream() {}

    /** {@code records} messages in all, of which {@link #badCount(int)} are bad. */
    public static DemoStream generate(int records, long seed) {
        Random random = new Random(seed);
        Shape[][] shapes = new Shape[KEYS.size()][FEATURES.size()];
        for (int k = 0; k < KEYS.size(); k++) {
            for (int j = 0; j < FEATURES.size(); j++) {
                shapes[k][j] = Shape.random(random, SCALE[j]);
            }
        }
        List<Integer> badAt = badPositions(records);
        List<Payload> payloads = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            double u = records == 1 ? 0 : (double) i / (records - 1);
            int k = random.nextInt(KEYS.size());
            List<Double> values = new ArrayList<>(FEATURES.size());
            for (int j = 0; j < FEATURES.size(); j++) {
                double x = shapes[k][j].sample(random, u);
                values.add(random.nextDouble() < MISSING_RATE ? null : x);
            }
            FeatureRecord r = FeatureRecord.newBuilder()
                    .setKey(KEYS.get(k))
                    .setEventTime(Instant.ofEpochMilli(T0 + i * STEP_MS))
                    .setValues(values)
                    .setId(String.format("r%06d", i))
                    .build();
            int bad = badAt.indexOf(i);
            payloads.add(bad < 0 ? good(r) : defective(r, DEFECTS[bad % DEFECTS.length]));
        }
        long switchTime = T0 + (records / 2) * STEP_MS;
        List<ControlCommand> commands = new ArrayList<>();
        for (String key : KEYS) {
            if (SWITCHED.contains(key)) {
                commands.add(ControlCommand.newBuilder()
                        .setId("demo-eval-" + key)
                        .setKey(key)
                        .setCommand(CommandType.EVAL)
                        .setEffectiveTime(Instant.ofEpochMilli(switchTime))
                        .setIssuer("demo")
                        .build());
            }
        }
        String title = String.format(
                "synthetic: %,d records, %d keys, %d features, seed %d", records, KEYS.size(), FEATURES.size(), seed);
        return new DemoStream(title, payloads, commands, switchTime, SWITCHED, FEATURES, 0);
    }

    /** How many of {@code records} messages are bad on purpose. */
    public static int badCount(int records) {
        return records < 50 ? 0 : Math.max(DEFECTS.length, records / 1000);
    }

    /** Spread over 20% to 90% of the stream, after every key has its dimension from a good record. */
    private static List<Integer> badPositions(int records) {
        int n = badCount(records);
        List<Integer> at = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            at.add((int) (records * (0.2 + 0.7 * b / Math.max(1, n - 1))));
        }
        return at;
    }

    private static Payload good(FeatureRecord r) {
        return new Payload(
                r.getKey(),
                r.getEventTime().toEpochMilli(),
                AvroWire.featureRecords().encode(r),
                r,
                null);
    }

    private static Payload defective(FeatureRecord r, String defect) {
        long t = r.getEventTime().toEpochMilli();
        return switch (defect) {
            case "INFINITE_VALUE" -> {
                List<Double> values = new ArrayList<>(r.getValues());
                values.set(1, Double.POSITIVE_INFINITY);
                FeatureRecord bad =
                        FeatureRecord.newBuilder(r).setValues(values).build();
                yield new Payload(r.getKey(), t, AvroWire.featureRecords().encode(bad), bad, defect);
            }
            case "WRONG_DIMENSION" -> {
                FeatureRecord bad = FeatureRecord.newBuilder(r)
                        .setValues(new ArrayList<>(r.getValues().subList(0, 2)))
                        .build();
                yield new Payload(r.getKey(), t, AvroWire.featureRecords().encode(bad), bad, defect);
            }
            case "BAD_HEADER" ->
                new Payload(
                        r.getKey(),
                        t,
                        ("{\"key\":\"" + r.getKey() + "\",\"note\":\"JSON where Avro belongs\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        null,
                        defect);
            default -> {
                byte[] encoded = AvroWire.featureRecords().encode(r);
                yield new Payload(r.getKey(), t, Arrays.copyOf(encoded, encoded.length - 5), null, defect);
            }
        };
    }

    /** How one feature of one key moves over the stream ({@code u} runs from 0 to 1). */
    private record Shape(double mean, double drift, double wave, double phase, double std, double growth) {
        static Shape random(Random r, double scale) {
            return new Shape(
                    scale * (r.nextDouble() * 10 - 5),
                    scale * (r.nextDouble() * 4 - 2),
                    scale * r.nextDouble() * 1.5,
                    r.nextDouble() * 2 * Math.PI,
                    scale * (0.5 + r.nextDouble()),
                    r.nextDouble() * 1.5);
        }

        double sample(Random r, double u) {
            double mu = mean + drift * u + wave * Math.sin(2 * Math.PI * 1.5 * u + phase);
            return mu + std * (1 + growth * u) * r.nextGaussian();
        }
    }
}
