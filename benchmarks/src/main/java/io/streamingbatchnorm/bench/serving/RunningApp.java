package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.kafka.ServingApp;
import io.streamingbatchnorm.kafka.ServingConfig;
import io.streamingbatchnorm.kafka.ServingInstance;
import io.streamingbatchnorm.kafka.StreamsProperties;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** A running serving application or passthrough, watched for failure while it is measured, then closed. */
final class RunningApp implements AutoCloseable {
    private final String name;
    private final Supplier<KafkaStreams.State> state;
    private final Runnable close;

    private RunningApp(String name, Supplier<KafkaStreams.State> state, Runnable close) {
        this.name = name;
        this.state = state;
        this.close = close;
    }

    /** Starts {@code scenario} with {@code config}; the passthrough gets the Kafka Streams properties serving gets. */
    static RunningApp start(ServingScenario scenario, ServingConfig config) {
        if (scenario == ServingScenario.SERVING) {
            ServingInstance instance = ServingApp.start(config);
            return new RunningApp(config.applicationId(), instance::state, instance::close);
        }
        KafkaStreams streams = new KafkaStreams(PassthroughTopology.build(config), StreamsProperties.build(config));
        streams.start();
        return new RunningApp(config.applicationId(), streams::state, () -> streams.close(Duration.ofSeconds(30)));
    }

    /** Throws if the application has stopped or failed; meant to be polled while waiting for its output. */
    void requireRunning() {
        KafkaStreams.State s = state.get();
        if (!s.isRunningOrRebalancing()) {
            throw new IllegalStateException(name + " stopped while being measured: Kafka Streams is " + s);
        }
    }

    @Override
    public void close() {
        close.run();
    }
}
