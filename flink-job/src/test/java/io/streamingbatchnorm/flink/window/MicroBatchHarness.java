package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.model.DriftReport;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.replay.FileDeadLetterFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The micro-batch window operator, built through the DataStream API exactly as the pipeline builds it,
 * in a keyed test harness. Runs with generic types disabled (a Kryo fallback in any state or record type
 * fails) and object reuse enabled (a buffered record that is mutated later shows up).
 */
public final class MicroBatchHarness implements AutoCloseable {
    private final KeyedOneInputStreamOperatorTestHarness<String, StampedEvent, NormalizedEvent> harness;
    private long checkpointId;

    private MicroBatchHarness(NormalizerConfig config, OperatorSubtaskState restored) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator(config), e -> e.key, Types.STRING);
        configure(harness.getExecutionConfig());
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    public static MicroBatchHarness open(NormalizerConfig config) throws Exception {
        return new MicroBatchHarness(config, null);
    }

    /** A new operator instance that starts from a snapshot of another, as after a failure. */
    public static MicroBatchHarness restore(NormalizerConfig config, OperatorSubtaskState state) throws Exception {
        return new MicroBatchHarness(config, AbstractStreamOperatorTestHarness.repackageState(state));
    }

    /** Generic types off and object reuse on, for the harness and for the environment the operator is built in. */
    public static void configure(ExecutionConfig executionConfig) {
        executionConfig.configure(settings(), MicroBatchHarness.class.getClassLoader());
    }

    private static Configuration settings() {
        Configuration settings = new Configuration();
        settings.set(PipelineOptions.GENERIC_TYPES, false);
        settings.set(PipelineOptions.OBJECT_REUSE, true);
        return settings;
    }

    @SuppressWarnings("unchecked")
    private static StreamOperatorFactory<NormalizedEvent> operator(NormalizerConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings());
        DataStream<StampedEvent> stamped =
                env.fromData(List.of(new StampedEvent()), TypeInformation.of(StampedEvent.class));
        OneInputTransformation<StampedEvent, NormalizedEvent> transformation =
                (OneInputTransformation<StampedEvent, NormalizedEvent>) MicroBatchOperator.apply(
                                DataStreamUtils.reinterpretAsKeyedStream(stamped, e -> e.key, Types.STRING),
                                config,
                                new FileDeadLetterFactory())
                        .getTransformation();
        return transformation.getOperatorFactory();
    }

    /** Processes one stamped record or marker, with its event time as the record timestamp, as the pipeline does. */
    public void add(StampedEvent e) throws Exception {
        harness.processElement(e, e.time());
    }

    public void addAll(StampedEvent... events) throws Exception {
        for (StampedEvent e : events) {
            add(e);
        }
    }

    public void process(StreamRecord<StampedEvent> record) throws Exception {
        harness.processElement(record);
    }

    public void watermark(long time) throws Exception {
        harness.processWatermark(new Watermark(time));
    }

    /** The normalized records emitted since the last call, in emission order. */
    public List<NormalizedEvent> takeNormalized() {
        List<NormalizedEvent> out = new ArrayList<>();
        Queue<Object> queue = harness.getOutput();
        for (Object o = queue.poll(); o != null; o = queue.poll()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((NormalizedEvent) r.getValue());
            }
        }
        return out;
    }

    /** {@link #takeNormalized()} as {@link TestEvents#describe} text. */
    public List<String> takeOutputs() {
        return takeNormalized().stream().map(TestEvents::describe).toList();
    }

    /** The snapshots published to {@link Outputs#STATS} since the last call, in publication order. */
    public List<StatsEvent> takeStats() {
        List<StatsEvent> out = new ArrayList<>();
        Queue<StreamRecord<StatsEvent>> queue = harness.getSideOutput(Outputs.STATS);
        if (queue != null) {
            for (StreamRecord<StatsEvent> r = queue.poll(); r != null; r = queue.poll()) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    /** The drift events published to {@link Outputs#DRIFT} since the last call, in publication order. */
    public List<DriftReport> takeDrift() {
        List<DriftReport> out = new ArrayList<>();
        Queue<StreamRecord<DriftReport>> queue = harness.getSideOutput(Outputs.DRIFT);
        if (queue != null) {
            for (StreamRecord<DriftReport> r = queue.poll(); r != null; r = queue.poll()) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    /** {@link #takeStats()} as {@link TestEvents#describe} text. */
    public List<String> takeSnapshots() {
        return takeStats().stream().map(TestEvents::describe).toList();
    }

    /** Whether a type that would need Kryo makes the operator fail, as it must in these tests. */
    public boolean rejectsGenericTypes() {
        return harness.getExecutionConfig().getSerializerConfig().hasGenericTypesDisabled();
    }

    public int eventTimeTimers() {
        return harness.numEventTimeTimers();
    }

    /** Keyed state entries of every state and namespace: window contents, trigger state and per-key statistics. */
    public int keyedStateEntries() {
        return harness.numKeyedStateEntries();
    }

    /**
     * Keyed state entries outside any window: the per-key statistics of {@link MicroBatchFunction#STATISTICS} and the
     * eval drift windows of {@link MicroBatchFunction#DRIFT_WINDOW}.
     */
    public int globalStateEntries() {
        return harness.numKeyedStateEntries(VoidNamespace.INSTANCE);
    }

    public OperatorSubtaskState snapshot() throws Exception {
        checkpointId++;
        return harness.snapshot(checkpointId, checkpointId);
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
