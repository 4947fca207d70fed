package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.kafka.http.QueryApi;
import io.streamingbatchnorm.kafka.http.QueryServer;
import io.streamingbatchnorm.kafka.http.StatsQuery;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the serving application counts, and {@code GET /metrics}, which shows it. */
class ServingMetricsTopologyTest {

    @TempDir
    Path dir;

    @Test
    void countsNormalizedRecordsTheirLatencyAndDeadLettersByReason() {
        try (TopologyFixture f = TopologyFixture.forUndecodableInput(dir)) {
            f.publish(example("k1", 3), T0);
            // The driver's wall clock is 2024-01-01; records stamped 20 ms and 2 s before it.
            long now = TopologyFixture.WALL_CLOCK.toEpochMilli();
            f.serve("m", feature("k1", T0, "r1", 2.0, 12.0), now - 20);
            f.serve("m", feature("k1", T0, "r2", 2.0, 12.0), now - 2_000);
            f.serve("m", feature("k9", T0, "r3", 2.0, 12.0), now);
            f.serveBytes("m", new byte[] {1, 2}, now);

            String text = f.metrics.prometheusText();

            assertThat(text)
                    .contains(
                            "sbn_serving_records_normalized_total 2\n",
                            "sbn_serving_dead_letters_total{reason=\"NO_STATISTICS\"} 1\n",
                            "sbn_serving_dead_letters_total{reason=\"BAD_HEADER\"} 1\n",
                            "sbn_serving_latency_seconds_bucket{le=\"0.01\"} 0\n",
                            "sbn_serving_latency_seconds_bucket{le=\"0.025\"} 1\n",
                            "sbn_serving_latency_seconds_bucket{le=\"2.5\"} 2\n",
                            "sbn_serving_latency_seconds_count 2\n");
        }
    }

    @Test
    void metricsAreServedAsPrometheusTextBehindTheToken() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t0ken");
        try (TopologyFixture f = new TopologyFixture(dir.resolve("state"));
                QueryServer api = QueryServer.start(
                        new QueryApi("127.0.0.1", 0, token, null, null),
                        new StatsQuery(f::store, () -> KafkaStreams.State.RUNNING),
                        f.metrics)) {
            HttpResponse<String> anonymous = HttpGet.get(api.port(), "/metrics");
            HttpResponse<String> scraped = HttpGet.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + api.port() + "/metrics"))
                    .header("Authorization", "Bearer t0ken"));

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.headers().firstValue("Content-Type"))
                    .contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scraped.body()).isEqualTo(f.metrics.prometheusText());
        }
    }
}
