package io.streamingbatchnorm.flink.window;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
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

    /**
     * The serializer's snapshot, written into every checkpoint and savepoint. Version 4 records the window kinds in
     * their order, since the kind is written as its ordinal: a release that reorders or removes a kind is
     * refused on restore instead of reading windows as the wrong kind. Versions up to 3 (releases up to 0.1.0)
     * wrote nothing and read as the kinds of that release, which are this release's first three.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<BatchWindow> {
        static final int VERSION = 4;
        private static final List<String> KINDS_UP_TO_0_1 = List.of("COUNT", "TUMBLING", "IMMEDIATE");

        private List<String> kinds = kindNames();

        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(kinds.size());
            for (String kind : kinds) {
                out.writeUTF(kind);
            }
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            if (readVersion <= 3) {
                kinds = KINDS_UP_TO_0_1;
                return;
            }
            if (readVersion != VERSION) {
                throw new IOException("BatchWindowSerializer snapshot version " + readVersion + " is newer than this"
                        + " release reads (" + VERSION + "); restore with the release that wrote it or a later one");
            }
            int n = in.readInt();
            List<String> read = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                read.add(in.readUTF());
            }
            kinds = List.copyOf(read);
        }

        @Override
        public TypeSerializer<BatchWindow> restoreSerializer() {
            return INSTANCE;
        }

        /** Compatible as is when the kinds written keep their ordinals here; incompatible otherwise. */
        @Override
        public TypeSerializerSchemaCompatibility<BatchWindow> resolveSchemaCompatibility(
                TypeSerializerSnapshot<BatchWindow> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot old)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            List<String> current = kindNames();
            return old.kinds.size() <= current.size()
                            && current.subList(0, old.kinds.size()).equals(old.kinds)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }

        List<String> kinds() {
            return kinds;
        }

        private static List<String> kindNames() {
            List<String> names = new ArrayList<>();
            for (BatchWindow.Kind k : KINDS) {
                names.add(k.name());
            }
            return List.copyOf(names);
        }
    }
}
