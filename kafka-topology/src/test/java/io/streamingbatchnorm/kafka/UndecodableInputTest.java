package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes that are no serving record: each becomes a dead letter, and serving goes on. */
class UndecodableInputTest {

    @TempDir
    Path stateDir;

    @Test
    void undecodableBytesGoToTheDeadLettersAndServingGoesOn() {
        byte[] good = AvroWire.featureRecords().encode(feature("k1", T0, "r1", 2.0, 12.0));
        byte[] garbage = "{\"key\":\"k1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = ByteBuffer.allocate(good.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3)
                .put((byte) 0x01)
                .putLong(0x0123456789ABCDEFL)
                .put(good, 10, good.length - 10)
                .array();
        byte[] truncated = Arrays.copyOf(good, good.length - 9);
        long before = System.currentTimeMillis();
        try (TopologyFixture f = TopologyFixture.forUndecodableInput(stateDir)) {
            f.publish(example("k1", 1), T0);
            f.serveBytes("a", garbage, T0);
            f.serveBytes("b", unknownSchema, T0 + 1);
            f.serveBytes("c", truncated, T0 + 2);
            f.serveBytes("d", null, T0 + 3);
            f.serveBytes("e", good, T0 + 4);

            List<DeadLetter> letters = f.readDeadLetters();
            assertThat(letters)
                    .extracting(DeadLetter::getReason)
                    .containsExactly("BAD_HEADER", "UNKNOWN_SCHEMA", "UNDECODABLE", "BAD_HEADER");
            assertThat(letters).extracting(DeadLetter::getOffset).containsExactly(0L, 1L, 2L, 3L);
            assertThat(letters).extracting(DeadLetter::getTopic).containsOnly("features-serving");
            assertThat(letters.get(0).getOriginal().array()).isEqualTo(garbage);
            assertThat(letters.get(2).getOriginal().array()).isEqualTo(truncated);
            assertThat(letters.get(3).getOriginal().remaining()).isZero();
            assertThat(letters.get(0).getMessage()).contains("single-object");
            assertThat(letters)
                    .allSatisfy(l ->
                            assertThat(l.getRejectedAt().toEpochMilli()).isBetween(before, System.currentTimeMillis()));
            assertThat(f.readNormalized())
                    .singleElement()
                    .satisfies(kv -> assertThat(kv.value.getId()).isEqualTo("r1"));
        }
    }

    @Test
    void deadLettersKeepTheOriginalMessageKey() {
        try (TopologyFixture f = TopologyFixture.forUndecodableInput(stateDir)) {
            f.serveBytes("producer-key", new byte[] {1, 2, 3}, T0);

            assertThat(f.deadLetters.readKeyValue().key).isEqualTo("producer-key".getBytes(StandardCharsets.UTF_8));
        }
    }
}
