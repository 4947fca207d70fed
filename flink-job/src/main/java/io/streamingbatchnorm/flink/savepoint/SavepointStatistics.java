package io.streamingbatchnorm.flink.savepoint;

import io.streamingbatchnorm.flink.FlinkEnvironments;
import io.streamingbatchnorm.flink.model.KeyStatsState;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.window.MicroBatchFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Reads every key's running statistics out of a savepoint or retained checkpoint of the job (Flink's
 * State Processor API), as the snapshots the job would publish: for audits, and to recover the
 * statistics when the stats topic is gone.
 */
public final class SavepointStatistics {
    /** The uid of the window operator that keeps the statistics. */
    public static final String OPERATOR_UID = "micro-batches";

    private SavepointStatistics() {}

    /** Every key's statistics in the savepoint at {@code path} (a directory or URI). */
    public static List<StatsEvent> read(String path) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = FlinkEnvironments.bounded(conf, 1);
        SavepointReader savepoint = SavepointReader.read(env, path);
        List<StatsEvent> out = new ArrayList<>();
        try (CloseableIterator<StatsEvent> it = savepoint
                .readKeyedState(
                        OperatorIdentifier.forUid(OPERATOR_UID),
                        new StatisticsReader(),
                        Types.STRING,
                        TypeInformation.of(StatsEvent.class))
                .executeAndCollect("read statistics from " + path)) {
            it.forEachRemaining(out::add);
        }
        out.sort((a, b) -> a.key.compareTo(b.key));
        return out;
    }

    /** Turns each key's window-operator state into its published snapshot. */
    static final class StatisticsReader extends KeyedStateReaderFunction<String, StatsEvent> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<KeyStatsState> state;

        @Override
        public void open(OpenContext openContext) {
            state = getRuntimeContext().getState(MicroBatchFunction.STATISTICS);
        }

        @Override
        public void readKey(String key, Context ctx, Collector<StatsEvent> out) throws Exception {
            KeyStatsState s = state.value();
            if (s != null) {
                out.collect(MicroBatchFunction.published(key, s));
            }
        }
    }
}
