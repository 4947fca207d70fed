package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.JobMetrics;
import io.streamingbatchnorm.kafka.ServingApp;
import io.streamingbatchnorm.kafka.ServingInstance;
import io.streamingbatchnorm.kafka.ServingOptions;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.JobTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard queries is one that the code registers: the job runs on a local MiniCluster
 * against a real broker with a reporter that collects every metric name Flink registers (the job's, Flink's own,
 * the Kafka source's, the checkpoint statistics), and the serving application answers {@code GET /metrics}. The
 * dead-letter counters of reasons this input does not produce ({@link JobMetrics#ALL}) count as registered: they are
 * registered when their first letter arrives.
 */
class DashboardMetricsITCase {
    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void everyQueryOfTheDashboardNamesRegisteredMetrics() throws Exception {
        JobTopics topics = JobTopics.create(kafka, "dash", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FeatureRecord r = FeatureRecord.newBuilder()
                    .setKey("k" + (i % 2))
                    .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + 100L * i))
                    .setValues(List.of(i * 0.5, 10.0 - i))
                    .build();
            records.add(new ProducerRecord<>(
                    topics.features,
                    r.getKey().getBytes(StandardCharsets.UTF_8),
                    AvroWire.featureRecords().encode(r)));
        }
        records.add(new ProducerRecord<>(topics.features, null, new byte[] {1, 2, 3}));
        topics.produce(topics.features, records);
        List<String> run = new ArrayList<>(List.of("run"));
        topics.jobFlags("dash", Map.of()).forEach((k, v) -> run.addAll(List.of("--" + k, v)));
        run.addAll(List.of(
                "--bounded",
                "-D",
                "metrics.reporter.collect.factory.class=" + CollectingReporter.Factory.class.getName()));

        Cli.Result result = Cli.run(run.toArray(String[]::new));

        assertThat(result.exitCode()).as("%s", result).isZero();
        Set<String> job = new TreeSet<>(CollectingReporter.NAMES);
        assertThat(job)
                .contains(
                        JobMetrics.prometheusName(JobMetrics.RECORDS_TRAIN),
                        JobMetrics.prometheusName(JobMetrics.KEYS),
                        JobMetrics.prometheusName(JobMetrics.DRIFT_EVENTS_TRAIN),
                        JobMetrics.prometheusName(JobMetrics.DRIFT_EVENTS_EVAL),
                        JobMetrics.prometheusName(JobMetrics.DRIFT_MAX_SHIFT),
                        JobMetrics.prometheusName(JobMetrics.DEAD_LETTERS + ".BAD_HEADER"),
                        "flink_taskmanager_job_task_operator_numRecordsInPerSecond",
                        "flink_taskmanager_job_task_operator_pendingRecords",
                        "flink_jobmanager_job_lastCheckpointDuration");

        Set<String> known = new TreeSet<>(job);
        JobMetrics.ALL.forEach(n -> known.add(JobMetrics.prometheusName(n)));
        known.addAll(servingMetricNames(topics));
        for (String query : DashboardQueries.queries(DashboardQueries.dashboard())) {
            assertThat(DashboardQueries.unknown(query, known))
                    .as("metrics of %s that nothing registers", query)
                    .isEmpty();
        }
    }

    /** The names {@code GET /metrics} of a running serving application answers with. */
    private Set<String> servingMetricNames(JobTopics topics) throws Exception {
        kafka.createTopic("dash-serving", 1);
        kafka.createTopic("dash-serving-normalized", 1);
        kafka.createTopic("dash-serving-dlq", 1);
        Map<String, String> flags = new HashMap<>();
        flags.put(ServingOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        flags.put(ServingOptions.APPLICATION_ID.key(), "dash-serving");
        flags.put(ServingOptions.STATS_TOPIC.key(), topics.stats);
        flags.put(ServingOptions.INPUT_TOPIC.key(), "dash-serving");
        flags.put(ServingOptions.OUTPUT_TOPIC.key(), "dash-serving-normalized");
        flags.put(ServingOptions.DLQ_TOPIC.key(), "dash-serving-dlq");
        flags.put(ServingOptions.HTTP_PORT.key(), "0");
        flags.put(ServingOptions.STATE_DIR.key(), tmp.resolve("serving").toString());
        try (ServingInstance app = ServingApp.start(ServingOptions.parse(flags))) {
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            return ServingMetricNames.of(metrics.body());
        }
    }
}
