package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Good serving records ({@link ServingTraffic#goodRecord}) with ids {@code <prefix>0}, {@code <prefix>1}, ...
 * sent from a thread of its own in small batches, each acknowledged before the next, until stopped: a
 * steady flow the application keeps working on, whatever the test thread does meanwhile.
 */
final class SteadyInput implements AutoCloseable {
    private static final int BATCH = 10;

    private final ServingTraffic topics;
    private final String idPrefix;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "steady-input"));
    private final Future<?> run;

    private SteadyInput(String bootstrapServers, ServingTraffic topics, String idPrefix) {
        this.topics = topics;
        this.idPrefix = idPrefix;
        this.producer = ServingTraffic.producer(bootstrapServers);
        this.run = thread.submit(this::sendUntilStopped);
    }

    static SteadyInput start(String bootstrapServers, ServingTraffic topics, String idPrefix) {
        return new SteadyInput(bootstrapServers, topics, idPrefix);
    }

    /** The records sent and acknowledged so far. */
    int sent() {
        return sent.get();
    }

    /** Stops sending and returns how many records were sent; all of them are acknowledged. */
    int stop(Duration timeout) throws Exception {
        stopping.set(true);
        run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return sent.get();
    }

    private void sendUntilStopped() {
        while (!stopping.get()) {
            topics.serve(producer, idPrefix, sent.get(), BATCH, T0);
            // Waiting for the acknowledgement paces the flow at the broker's speed.
            producer.flush();
            sent.addAndGet(BATCH);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        thread.shutdown();
        // The producer is closed only once the sending thread is done with it.
        thread.awaitTermination(30, TimeUnit.SECONDS);
        producer.close();
    }
}
