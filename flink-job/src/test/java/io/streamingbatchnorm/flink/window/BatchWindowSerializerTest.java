package io.streamingbatchnorm.flink.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Windows and the serializer's snapshot survive a round trip; snapshots of earlier releases still restore. */
class BatchWindowSerializerTest {
    private static final BatchWindowSerializer SERIALIZER = BatchWindowSerializer.INSTANCE;

    @Test
    void everyKindOfWindowRoundTrips() throws IOException {
        List<BatchWindow> windows = List.of(
                BatchWindow.countBatch(),
                BatchWindow.tumbling(-86_400_000L, 0L),
                BatchWindow.tumbling(Long.MIN_VALUE, Long.MIN_VALUE + 10),
                BatchWindow.immediate(1_700_000_000_123L));
        for (BatchWindow w : windows) {
            DataOutputSerializer out = new DataOutputSerializer(32);
            SERIALIZER.serialize(w, out);
            assertThat(out.length()).isEqualTo(SERIALIZER.getLength());
            BatchWindow read = SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(read).isEqualTo(w);

            DataOutputSerializer copied = new DataOutputSerializer(32);
            SERIALIZER.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        }
        DataOutputSerializer open = new DataOutputSerializer(32);
        SERIALIZER.serialize(BatchWindow.countBatch(), open);
        assertThat(SERIALIZER.deserialize(new DataInputDeserializer(open.getCopyOfBuffer())))
                .isSameAs(BatchWindow.countBatch());
    }

    @Test
    void theSnapshotIsVersionedAndCompatibleWithItself() throws IOException {
        TypeSerializerSnapshot<BatchWindow> written = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, written);

        TypeSerializerSnapshot<BatchWindow> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read).isInstanceOf(BatchWindowSerializer.Snapshot.class);
        assertThat(((BatchWindowSerializer.Snapshot) read).kinds()).containsExactly("COUNT", "TUMBLING", "IMMEDIATE");
        assertThat(read.restoreSerializer()).isSameAs(SERIALIZER);
        assertThat(written.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }

    @Test
    void aSnapshotOfTheFirstReleaseReadsAsItsKinds() throws IOException {
        // 0.1.0 wrote Flink's simple snapshot, version 3, with an empty body.
        BatchWindowSerializer.Snapshot old = new BatchWindowSerializer.Snapshot();
        old.readSnapshot(3, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());

        TypeSerializerSchemaCompatibility<BatchWindow> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(old);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    @Test
    void kindsReorderedByAnotherReleaseAreRefused() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(2);
        out.writeUTF("TUMBLING");
        out.writeUTF("COUNT");
        BatchWindowSerializer.Snapshot reordered = new BatchWindowSerializer.Snapshot();
        reordered.readSnapshot(
                BatchWindowSerializer.Snapshot.VERSION,
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());

        assertThat(SERIALIZER
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(reordered)
                        .isIncompatible())
                .isTrue();
        assertThatThrownBy(() -> reordered.readSnapshot(9, new DataInputDeserializer(new byte[0]), null))
                .hasMessageContaining("version 9");
    }
}
