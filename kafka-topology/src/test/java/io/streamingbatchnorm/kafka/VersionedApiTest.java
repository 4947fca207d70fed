package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.kafka.http.QueryApi;
import io.streamingbatchnorm.kafka.http.QueryServer;
import io.streamingbatchnorm.kafka.http.StatsQuery;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The versions endpoints of the query API, over the store the topology fills. */
class VersionedApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static QueryServer server(TopologyFixture f, QueryApi api) {
        return QueryServer.start(api, new StatsQuery(f::store, () -> KafkaStreams.State.RUNNING));
    }

    @Test
    void versionsAreListedAndEachCanBeQueriedAndExported() throws Exception {
        try (TopologyFixture f = new TopologyFixture(dir.resolve("state"));
                QueryServer api = server(f, QueryApi.plain("127.0.0.1", 0))) {
            f.publish(PinnedServingTest.version(6, 0), T0);
            f.publish(PinnedServingTest.version(7, 0), T0 + 1);
            f.publish(PinnedServingTest.version(0, 1), T0 + 2);

            JsonNode versions =
                    JSON.readTree(HttpGet.get(api.port(), "/stats/k1/versions").body());
            HttpResponse<String> v7 = HttpGet.get(api.port(), "/stats/k1?version=0:7");
            HttpResponse<String> latest = HttpGet.get(api.port(), "/stats/k1");
            JsonNode export =
                    JSON.readTree(HttpGet.get(api.port(), "/stats/k1/export?format=keras&version=0:6&frozen=true")
                            .body());
            HttpResponse<String> ambiguous = HttpGet.get(api.port(), "/stats/k1?version=7");
            HttpResponse<String> gone = HttpGet.get(api.port(), "/stats/k1/export?format=keras&version=0:5");
            HttpResponse<String> malformed = HttpGet.get(api.port(), "/stats/k1?version=seven");
            HttpResponse<String> unknownKey = HttpGet.get(api.port(), "/stats/k9/versions");

            assertThat(versions.get("key").asText()).isEqualTo("k1");
            assertThat(versions.get("versions").findValuesAsText("pin")).containsExactly("0:6", "0:7", "1:0");
            assertThat(versions.get("versions").get(1).get("count").asLong()).isEqualTo(7 * 32);
            assertThat(versions.get("versions").get(1).get("mode").asText()).isEqualTo("EVAL");
            assertThat(versions.get("versions").get(1).get("event_time").asLong())
                    .isEqualTo(T0 + 7);
            assertThat(JsonLines.parseStatsSnapshot(v7.body())).isEqualTo(PinnedServingTest.version(7, 0));
            assertThat(JsonLines.parseStatsSnapshot(latest.body())).isEqualTo(PinnedServingTest.version(0, 1));
            assertThat(export.get("stats_version").asLong()).isEqualTo(6);
            assertThat(export.get("weights").get("moving_mean").get(0).asDouble())
                    .isEqualTo(PinnedServingTest.version(6, 0).getRunningMean().get(0));
            assertThat(ambiguous.statusCode()).isEqualTo(404);
            assertThat(ambiguous.body()).contains("the key was reset", "1:7");
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.body())
                    .contains("key 'k1' has no statistics version 0:5: version 0:5 is no longer held", "/versions");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("query parameter 'version'", "G:N");
            assertThat(unknownKey.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theNewEndpointsNeedTheToken() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret\n");
        try (TopologyFixture f = new TopologyFixture(dir.resolve("state"));
                QueryServer api = server(f, new QueryApi("127.0.0.1", 0, token, null, null))) {
            f.publish(PinnedServingTest.version(6, 0), T0);

            for (String path :
                    List.of("/stats/k1/versions", "/stats/k1?version=6", "/stats/k1/export?format=keras&version=6")) {
                assertThat(HttpGet.get(api.port(), path).statusCode()).as(path).isEqualTo(401);
            }
            HttpResponse<String> withToken = HttpGet.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + api.port() + "/stats/k1/versions"))
                    .header("Authorization", "Bearer s3cret"));
            assertThat(withToken.statusCode()).isEqualTo(200);
        }
    }
}
