package io.streamingbatchnorm.kafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.kafka.TestData;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The query API over HTTP, on a free port, over an in-memory store. */
class QueryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Map<String, StatsSnapshot> snapshots = new HashMap<>();
    private KafkaStreams.State state = KafkaStreams.State.RUNNING;
    private QueryServer server;

    private void start() {
        start(QueryApi.plain("127.0.0.1", 0));
    }

    private void start(QueryApi api) {
        server = QueryServer.start(api, new StatsQuery(() -> new StoreOverMap(snapshots), () -> state));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String rawPath) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath))
                .GET()
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOkOnlyWhileRunning() throws Exception {
        start();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/health").body()).isEqualTo("{\"state\":\"RUNNING\"}");

        state = KafkaStreams.State.REBALANCING;
        HttpResponse<String> rebalancing = get("/health");
        assertThat(rebalancing.statusCode()).isEqualTo(503);
        assertThat(rebalancing.body()).isEqualTo("{\"state\":\"REBALANCING\"}");
    }

    @Test
    void keysAreListedSorted() throws Exception {
        snapshots.put("k2", TestData.example("k2", 1));
        snapshots.put("k1", TestData.example("k1", 1));
        start();

        HttpResponse<String> response = get("/keys");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"keys\":[\"k1\",\"k2\"],\"next\":null}");
    }

    @Test
    void theLatestSnapshotOfAKeyAsJson() throws Exception {
        StatsSnapshot snapshot = TestData.example("k1", 7);
        snapshots.put("k1", snapshot);
        start();

        HttpResponse<String> response = get("/stats/k1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(JsonLines.writeStatsSnapshot(snapshot));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("running_mean").toString()).isEqualTo("[1.5,10.0]");
        assertThat(body.get("version").asLong()).isEqualTo(7);
    }

    @Test
    void anUnknownKeyIsANotFoundNamingTheKey() throws Exception {
        start();

        HttpResponse<String> response = get("/stats/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("key").asText()).isEqualTo("nope");
        assertThat(body.get("error").asText()).contains("'nope'");
        assertThat(get("/stats/nope/export?format=pytorch").statusCode()).isEqualTo(404);
    }

    @Test
    void keysArePercentDecodedAndAPlusStaysAPlus() throws Exception {
        snapshots.put("tenant/a b+c", TestData.example("tenant/a b+c", 1));
        start();

        assertThat(get("/stats/tenant%2Fa%20b%2Bc").statusCode()).isEqualTo(200);
        assertThat(get("/stats/tenant%2Fa%20b+c").statusCode()).isEqualTo(200);
    }

    @Test
    void aBadOrMissingExportFormatNamesTheAllowedOnes() throws Exception {
        snapshots.put("k1", TestData.example("k1", 1));
        start();

        for (String path : new String[] {"/stats/k1/export?format=onnx", "/stats/k1/export"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("pytorch, keras");
        }
    }

    @Test
    void onlyGetIsAllowedAndUnknownPathsAreNotFound() throws Exception {
        start();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/keys"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();

        HttpResponse<String> refused = send(post);
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> unknown = get("/statistics/k1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("GET /stats/{key}");
    }

    @Test
    void aStoreThatCannotBeQueriedYetIsServiceUnavailable() throws Exception {
        state = KafkaStreams.State.REBALANCING;
        server = QueryServer.start(
                QueryApi.plain("127.0.0.1", 0),
                new StatsQuery(
                        () -> {
                            throw new InvalidStateStoreException("not yet");
                        },
                        () -> state));

        HttpResponse<String> response = get("/keys");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("REBALANCING", "retry");
    }
}
