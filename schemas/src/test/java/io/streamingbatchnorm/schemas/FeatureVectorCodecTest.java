package io.streamingbatchnorm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** The primitive codec reads what the generated-record codec reads, value for value. */
class FeatureVectorCodecTest {
    private static final long SEED = 20240917L;
    private static final String FEATURE_RECORD = FeatureRecord.getClassSchema().getFullName();

    private final WireCodec<FeatureRecord> records = AvroWire.featureRecords();
    private final FeatureVectorCodec vectors = AvroWire.featureVectors();

    @Test
    void decodesRandomRecordsAsTheRecordCodecDoes() {
        RandomVectors random = new RandomVectors(SEED);
        for (int i = 0; i < 5_000; i++) {
            byte[] payload = records.encode(random.record());

            assertThat(vectors.decode(payload)).isEqualTo(FeatureVector.of(records.decode(payload)));
        }
    }

    @Test
    void nullAndNaNOnTheWireBothDecodeAsNaN() {
        FeatureRecord record = FeatureRecord.newBuilder(TestRecords.feature())
                .setValues(Arrays.asList(1.5, null, Double.NaN, -0.0))
                .build();

        double[] values = vectors.decode(records.encode(record)).values();

        assertThat(values).hasSize(4);
        assertThat(values[0]).isEqualTo(1.5);
        assertThat(values[1]).isNaN();
        assertThat(values[2]).isNaN();
        assertThat(Double.doubleToRawLongBits(values[3])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void decodesTheOptionalFieldsAsTheRecordCodecDoes() {
        FeatureVector full = vectors.decode(records.encode(TestRecords.feature()));
        FeatureVector minimal = vectors.decode(records.encode(TestRecords.minimalFeature()));

        assertThat(full.id()).isEqualTo("r1");
        assertThat(full.attributes()).isEqualTo(Map.of("source", "sensor-7"));
        assertThat(full.eventTime()).isEqualTo(TestRecords.T0.toEpochMilli());
        assertThat(minimal.id()).isNull();
        assertThat(minimal.attributes()).isNull();
        assertThat(minimal.values()).isEmpty();
    }

    @Test
    void decodedAttributesIterateInTheOrderOfTheRecordCodecs() {
        // Their order is the order they are written out again, so a job's output keeps its bytes. A HashMap's
        // order depends on its capacity, which differs between sizings for most of these sizes.
        Random random = new Random(SEED + 4);
        for (int n = 1; n <= 40; n++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                attributes.put(Integer.toString(random.nextInt(), 36), "v" + i);
            }
            byte[] payload = records.encode(FeatureRecord.newBuilder(TestRecords.feature())
                    .setAttributes(attributes)
                    .build());

            assertThat(new ArrayList<>(vectors.decode(payload).attributes().entrySet()))
                    .as("%d attributes", n)
                    .isEqualTo(new ArrayList<>(
                            records.decode(payload).getAttributes().entrySet()));
        }
    }

    @Test
    void roundTripsRandomVectors() {
        RandomVectors random = new RandomVectors(SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            FeatureVector vector = random.feature();

            assertThat(vectors.decode(vectors.encode(vector))).isEqualTo(vector);
        }
    }

    @Test
    void readsEveryKnownWriterSchemaOfTheStandardCatalogAndTheEvolutionFixtures() throws IOException {
        List<SchemaCatalog> catalogs = List.of(
                SchemaCatalog.standard(),
                SchemaCatalog.withReleased(SchemaHistory.load(getClass().getClassLoader(), "evolution/")));
        RandomVectors random = new RandomVectors(SEED + 2);
        int olderVersions = 0;
        for (SchemaCatalog catalog : catalogs) {
            WireCodec<FeatureRecord> recordCodec = WireCodec.create(FeatureRecord.class, catalog);
            FeatureVectorCodec vectorCodec = FeatureVectorCodec.create(catalog);
            for (Schema writer : catalog.versionsOf(FEATURE_RECORD)) {
                olderVersions += writer.equals(FeatureRecord.getClassSchema()) ? 0 : 1;
                for (int i = 0; i < 200; i++) {
                    byte[] payload = writtenWith(writer, random.feature());

                    assertThat(vectorCodec.decode(payload))
                            .as("written with %s", writer)
                            .isEqualTo(FeatureVector.of(recordCodec.decode(payload)));
                }
            }
        }
        assertThat(olderVersions).as("the draft of the evolution fixtures").isGreaterThanOrEqualTo(1);
    }

    @Test
    void readsSeveralBlocksAndNonMinimalNumbersAsTheRecordCodecDoes() {
        byte[] payload = Payloads.withHeader(vectors.fingerprint())
                .string("k")
                .varint(-3)
                // values: a block of 2, then a block of 1 announced with its byte size, then the end
                .varint(2)
                .bytes(2, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F)
                .bytes(0)
                .varint(-1)
                .varint(10)
                .bytes(0x82, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x40)
                .varint(0)
                // id: branch 1 with a two-byte varint
                .bytes(0x82, 0x00)
                .string("r")
                // attributes: two blocks of one entry each
                .varint(1)
                .varint(1)
                .string("a")
                .string("1")
                .varint(1)
                .string("b")
                .string("2")
                .varint(0)
                .build();

        FeatureVector decoded = vectors.decode(payload);

        assertThat(decoded).isEqualTo(FeatureVector.of(records.decode(payload)));
        assertThat(decoded.values()).containsExactly(1.0, Double.NaN, 2.0);
        assertThat(decoded.attributes()).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void encodesAndDecodesConcurrentlyFromOneSharedCodec() throws Exception {
        RandomVectors random = new RandomVectors(SEED + 3);
        List<FeatureVector> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(random.feature());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (FeatureVector vector : expected) {
                            if (!vectors.decode(vectors.encode(vector)).equals(vector)) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesASchemaOfAnotherLayout() {
        assertThat(SchemaShape.of(FeatureRecord.getClassSchema())).isEqualTo(FeatureVectorCodec.LAYOUT);
        assertThatThrownBy(() -> SchemaShape.require(
                        StatsSnapshot.getClassSchema(), FeatureVectorCodec.LAYOUT, FeatureVectorCodec.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FeatureVectorCodec reads and writes StatsSnapshot as {key:string,")
                .hasMessageContaining("but the current schema is {key:string,version:long,");
    }

    /** The vector's fields that {@code writer} has, single-object encoded with {@code writer}. */
    private static byte[] writtenWith(Schema writer, FeatureVector vector) {
        GenericRecord record = new GenericData.Record(writer);
        FeatureRecord fields = vector.toRecord();
        for (Schema.Field field : writer.getFields()) {
            Object value = switch (field.name()) {
                case "event_time" -> vector.eventTime();
                case "key", "values", "id", "attributes" -> fields.get(field.name());
                default ->
                    throw new AssertionError("no test value for the field " + field.name() + " of " + writer
                            + ": teach writtenWith about it");
            };
            record.put(field.name(), value);
        }
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer)
                    .encode(record)
                    .array();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
