package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.core.NormalizerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One cluster scenario: its topics, its input (records over keys, a SET_AFFINE and an EVAL switch for every key
 * at fixed event times), the normalization flags the job runs with, and the replay it must equal.
 */
final class ClusterScenario {
    static final int DIM = 4;

    final ClusterKafka kafka;
    final List<FeatureRecord> input;
    final List<ControlCommand> commands;
    final Map<String, String> normalization = new LinkedHashMap<>();

    /**
     * @param affineAt index of the first record the SET_AFFINE applies to
     * @param evalAt index of the first record normalized in eval mode: every batch open then closes, so the
     *     whole input is emitted without waiting for a watermark
     */
    ClusterScenario(String prefix, int keys, int records, int affineAt, int evalAt, Map<String, String> flags) {
        kafka = new ClusterKafka(LocalClusterExtension.cluster().bootstrapServers(), prefix);
        input = ClusterStreams.roundRobin(prefix.hashCode(), keys, records, DIM);
        commands = List.of(
                ClusterStreams.command(prefix + "-affine", CommandType.SET_AFFINE, ClusterStreams.at(affineAt), DIM),
                ClusterStreams.command(prefix + "-eval", CommandType.EVAL, ClusterStreams.at(evalAt), DIM));
        normalization.put("max-batch-delay", "1d");
        normalization.putAll(flags);
        // Commands are in the control topic before the job starts: it reads them up front (semantics, section 9).
        kafka.produce(ClusterStreams.wireCommands(kafka.control, commands));
    }

    /** Every flag of the job: topics, delivery and checkpoints, then normalization. */
    List<String> flags(String suffix, int parallelism) {
        List<String> out = kafka.jobFlags(suffix, parallelism);
        int delay = out.indexOf("--max-batch-delay");
        out.remove(delay + 1);
        out.remove(delay);
        normalization.forEach((k, v) -> {
            out.add("--" + k);
            out.add(v);
        });
        return out;
    }

    ReplayCheck replay(Path dir) throws Exception {
        return new ReplayCheck(dir, input, commands, NormalizerOptions.parse(normalization));
    }

    void produce(int from, int to) {
        kafka.produce(ClusterStreams.wire(kafka.features, input.subList(from, to)));
    }

    /** Produces records {@code from} to {@code to} in the background, {@code perTick} every 100 ms. */
    Paced producePaced(int from, int to, int perTick) {
        return new Paced(kafka.producer(), ClusterStreams.wire(kafka.features, input.subList(from, to)), perTick);
    }

    /** A producer that sends at a steady pace, so that the job is mid-stream when a process is killed. */
    static final class Paced implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final KafkaProducer<byte[], byte[]> producer;
        private final AtomicInteger sent = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();

        Paced(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records, int perTick) {
            this.producer = producer;
            List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(records);
            timer.scheduleAtFixedRate(
                    () -> {
                        try {
                            int from = sent.get();
                            int to = Math.min(all.size(), from + perTick);
                            all.subList(from, to).forEach(producer::send);
                            sent.set(to);
                            if (to == all.size()) {
                                producer.flush();
                                timer.shutdown();
                            }
                        } catch (RuntimeException e) {
                            // A scheduled task that throws is silently never run again: report it instead.
                            failure.set(e);
                            timer.shutdown();
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
        }

        int sent() {
            return sent.get();
        }

        void awaitDone() throws InterruptedException {
            if (!timer.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new AssertionError("the paced producer did not finish");
            }
            if (failure.get() != null) {
                throw new AssertionError("the paced producer failed after " + sent() + " records", failure.get());
            }
            producer.flush();
        }

        @Override
        public void close() {
            timer.shutdownNow();
            producer.close();
        }
    }
}
