package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandCheck;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.WireCodec;
import io.streamingbatchnorm.schemas.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the commands already in the control topic when the job is submitted, so they apply before the
 * first record: Flink does not order a broadcast input against the keyed one. Invalid and repeated
 * commands are left out here; the job's control stream reads them again and sends them to the dead
 * letters. A start that cannot read the topic to its end fails rather than run with part of the commands.
 */
public final class ControlTopicReader {
    private ControlTopicReader() {}

    public static List<StoredCommand> readAll(JobConfig job, NormalizerConfig config) {
        return readAll(job, config, KafkaBrokers.TIMEOUT);
    }

    /** Reads the topic to its end, failing if the position stops advancing for {@code patience}. */
    static List<StoredCommand> readAll(JobConfig job, NormalizerConfig config, Duration patience) {
        return readAll(job.bootstrapServers(), job.clientProperties(), job.controlTopic(), config, patience);
    }

    /**
     * The valid commands of {@code controlTopic}, in the order they were sent, for a reader other than the job.
     *
     * @param clientProperties Kafka client settings (security, for example); not changed
     */
    public static List<StoredCommand> readAll(
            String bootstrapServers,
            Properties clientProperties,
            String controlTopic,
            NormalizerConfig config,
            Duration patience) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        WireCodec<ControlCommand> codec = AvroWire.controlCommands();
        List<StoredCommand> commands = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        TopicPartition partition = new TopicPartition(controlTopic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition), KafkaBrokers.TIMEOUT);
            long endOffset = end.get(partition);
            Instant deadline = Instant.now().plus(patience);
            long position = consumer.position(partition, KafkaBrokers.TIMEOUT);
            while (position < endOffset) {
                if (Instant.now().isAfter(deadline)) {
                    // Starting with part of the commands would give early records the wrong mode.
                    throw new BrokerCheckException("cannot read the control topic '" + controlTopic
                            + "' to its end (offset " + endOffset + ", read up to " + position + ") within "
                            + patience.toSeconds() + " s; check that the brokers are up and that the job"
                            + " may read the topic");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    accept(r, codec, config, ids, commands);
                }
                long next = consumer.position(partition, KafkaBrokers.TIMEOUT);
                if (next > position) {
                    deadline = Instant.now().plus(patience);
                    position = next;
                }
            }
        }
        return commands;
    }

    private static void accept(
            ConsumerRecord<byte[], byte[]> r,
            WireCodec<ControlCommand> codec,
            NormalizerConfig config,
            Set<String> ids,
            List<StoredCommand> commands) {
        Command c;
        try {
            c = CoreMapping.toCommand(codec.decode(r.value() == null ? new byte[0] : r.value()), r.offset());
        } catch (WireFormatException | IllegalArgumentException e) {
            return;
        }
        if (CommandCheck.validate(c, config) == null && ids.add(c.id())) {
            commands.add(StoredCommand.of(c));
        }
    }
}
