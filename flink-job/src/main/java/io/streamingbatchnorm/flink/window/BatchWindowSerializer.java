package io.streamingbatchnorm.flink.window;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Fixed-length serializer of {@link BatchWindow}: kind byte, start, end. */
public final class BatchWindowSerializer extends TypeSerializerSingleton<BatchWindow> {
    private static final long serialVersionUID = 1L;
    public static final BatchWindowSerializer INSTANCE = new BatchWindowSerializer();
    private static final BatchWindow.Kind[] KINDS = BatchWindow.Kind.values();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public BatchWindow createInstance() {
        return null;
    }

    @Override
    public BatchWindow copy(BatchWindow from) {
        return from;
    }

    @Override
    public BatchWindow copy(BatchWindow from, BatchWindow reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return 17;
    }

    @Override
    public void serialize(BatchWindow w, DataOutputView target) throws IOException {
        target.writeByte(w.kind().ordinal());
        target.writeLong(w.start());
        target.writeLong(w.end());
    }

    @Override
    public BatchWindow deserialize(DataInputView source) throws IOException {
        BatchWindow.Kind kind = KINDS[source.readByte()];
        long start = source.readLong();
        long end = source.readLong();
        return kind == BatchWindow.Kind.COUNT ? BatchWindow.countBatch() : new BatchWindow(kind, start, end);
    }

    @Override
    public BatchWindow deserialize(BatchWindow reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, 17);
    }

    @Override
    public TypeSerializerSnapshot<BatchWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer configuration snapshot for compatibility checks on restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BatchWindow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
