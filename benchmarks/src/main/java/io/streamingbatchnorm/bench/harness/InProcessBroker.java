package io.streamingbatchnorm.bench.harness;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;

/** The embedded broker, in this JVM: its threads and CPU time count with the job's. */
final class InProcessBroker implements Broker {
    private final EmbeddedKafka kafka;

    private InProcessBroker(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    static InProcessBroker start() {
        return new InProcessBroker(EmbeddedKafka.start());
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public Admin admin() {
        return kafka.admin();
    }

    @Override
    public long processCpuNanos() {
        return -1;
    }

    @Override
    public void close() {
        kafka.close();
    }
}
