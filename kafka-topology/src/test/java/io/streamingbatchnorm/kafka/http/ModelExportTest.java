package io.streamingbatchnorm.kafka.http;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.kafka.ServingNormalizer;
import io.streamingbatchnorm.kafka.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch and Keras exports against a hand-computed example: running mean [1.5, 10], running
 * variance [0.25, 4], gamma [2, 0.5], beta [0.1, -1], momentum 0.9, epsilon 1e-5, 7 batches.
 */
class ModelExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StatsSnapshot SNAPSHOT = TestData.snapshot(
            "k1",
            7,
            new double[] {1.5, 10.0},
            new double[] {0.25, 4.0},
            new double[] {2.0, 0.5},
            new double[] {0.1, -1.0},
            1e-5);

    private QueryServer server;

    @BeforeEach
    void start() {
        Map<String, StatsSnapshot> store = Map.of("k1", SNAPSHOT);
        server = QueryServer.start(
                QueryApi.plain("127.0.0.1", 0),
                new StatsQuery(() -> new StoreOverMap(store), () -> KafkaStreams.State.RUNNING));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String query) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + server.port() + "/stats/k1/export?" + query))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The export of statistics declared as {@code variance} EMA statistics: the snapshot itself, as published by a
     * job that does not say how it computed them, would be refused.
     */
    private JsonNode export(String format, String variance) throws Exception {
        HttpResponse<String> response = get("format=" + format + "&running=ema&running_variance=" + variance);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void pytorchStateDictWithPytorchsMomentum() throws Exception {
        JsonNode expected = JSON.readTree("""
                {"format": "pytorch", "key": "k1", "stats_version": 7, "reset_generation": 0, "num_features": 2,
                 "eps": 1e-5, "momentum": 0.1, "frozen": false, "running": "ema", "running_variance": "unbiased",
                 "state_dict": {"weight": [2.0, 0.5], "bias": [0.1, -1.0], "running_mean": [1.5, 10.0],
                                "running_var": [0.25, 4.0], "num_batches_tracked": 7}}""");

        assertThat(export("pytorch", "unbiased")).isEqualTo(expected);
    }

    @Test
    void kerasWeightsInSetWeightsOrder() throws Exception {
        JsonNode expected = JSON.readTree("""
                {"format": "keras", "key": "k1", "stats_version": 7, "reset_generation": 0, "num_features": 2,
                 "epsilon": 1e-5, "momentum": 0.9, "frozen": false, "running": "ema", "running_variance": "biased",
                 "weights": {"gamma": [2.0, 0.5], "beta": [0.1, -1.0], "moving_mean": [1.5, 10.0],
                             "moving_variance": [0.25, 4.0]}}""");

        JsonNode keras = export("KERAS", "biased");
        assertThat(keras).isEqualTo(expected);
        List<String> order = List.of("gamma", "beta", "moving_mean", "moving_variance");
        assertThat(keras.get("weights").fieldNames()).toIterable().containsExactlyElementsOf(order);
    }

    @Test
    void pytorchsEvalFormulaOnTheExportGivesTheServingOutput() throws Exception {
        JsonNode p = export("pytorch", "unbiased");
        JsonNode sd = p.get("state_dict");
        double[] x = {2.0, 12.0};
        List<Double> served = ServingNormalizer.normalize(
                        feature("k1", T0, "r1", x[0], x[1]), SNAPSHOT, NormalizerConfig.defaults())
                .getValues();

        for (int j = 0; j < x.length; j++) {
            // torch.nn.functional.batch_norm in eval mode
            double y = (x[j] - sd.get("running_mean").get(j).asDouble())
                            / Math.sqrt(sd.get("running_var").get(j).asDouble()
                                    + p.get("eps").asDouble())
                            * sd.get("weight").get(j).asDouble()
                    + sd.get("bias").get(j).asDouble();
            assertThat(y).isCloseTo(served.get(j), within(1e-12));
        }
    }

    @Test
    void statisticsOfAnUnknownOrForeignKindAreRefusedUnlessFrozen() throws Exception {
        HttpResponse<String> unknown = get("format=pytorch");
        HttpResponse<String> biased = get("format=pytorch&running=ema&running_variance=biased");
        HttpResponse<String> badDeclaration = get("format=keras&running_variance=sometimes");
        HttpResponse<String> badFrozen = get("format=keras&frozen=yes");
        JsonNode frozen = JSON.readTree(get("format=pytorch&frozen=true").body());

        assertThat(unknown.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(unknown.body()).get("error").asText())
                .startsWith("cannot export key 'k1' as a pytorch layer: the snapshot does not say how");
        assertThat(biased.statusCode()).isEqualTo(409);
        assertThat(biased.body()).contains("PyTorch folds the unbiased batch variance into running_var");
        assertThat(badDeclaration.statusCode()).isEqualTo(400);
        assertThat(badDeclaration.body()).contains("query parameter 'running_variance'", "biased, unbiased");
        assertThat(badFrozen.statusCode()).isEqualTo(400);
        assertThat(frozen.get("momentum").asDouble()).isZero();
        assertThat(frozen.get("frozen").asBoolean()).isTrue();
        assertThat(frozen.get("running").isNull()).isTrue();
        assertThat(frozen.get("state_dict").get("running_var").get(1).asDouble())
                .isEqualTo(4.0);
    }
}
