package io.streamingbatchnorm.kafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.kafka.TestData;
import io.streamingbatchnorm.testing.LogCapture;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query API as it is exposed: under load, to odd requests, with a token, over TLS, with many keys. */
class ExposedApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final Map<String, StatsSnapshot> snapshots = new TreeMap<>();
    private QueryServer server;

    private void start(QueryApi api) {
        server = QueryServer.start(
                api, new StatsQuery(() -> new StoreOverMap(snapshots), () -> KafkaStreams.State.RUNNING));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private URI uri(String rawPath) {
        return URI.create("http://127.0.0.1:" + server.port() + rawPath);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sixtyFourClientsOfTwoHundredRequestsEachAllGetTheirAnswer() throws Exception {
        for (int k = 0; k < 32; k++) {
            snapshots.put("k" + k, TestData.example("k" + k, k));
        }
        start(QueryApi.plain("127.0.0.1", 0));
        ExecutorService clients = Executors.newFixedThreadPool(64);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                int client = c;
                work.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        String key = "k" + ((client + i) % 32);
                        HttpResponse<String> r = send(
                                CLIENT,
                                HttpRequest.newBuilder(uri("/stats/" + key)).build());
                        if (r.statusCode() == 200
                                && JSON.readTree(r.body()).get("key").asText().equals(key)) {
                            ok++;
                        }
                    }
                    return ok;
                });
            }
            int answered = 0;
            for (Future<Integer> f : clients.invokeAll(work, 5, TimeUnit.MINUTES)) {
                answered += f.get();
            }
            assertThat(answered).isEqualTo(64 * 200);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void headAndOtherMethodsAreNotAllowed() throws Exception {
        start(QueryApi.plain("127.0.0.1", 0));
        for (String method : List.of("HEAD", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = send(
                    CLIENT,
                    HttpRequest.newBuilder(uri("/keys"))
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build());
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(method).hasValue("GET");
        }
    }

    @Test
    void malformedEscapesAndHugeKeysAreBadRequestsWithoutAnExceptionInTheLog() throws Exception {
        start(QueryApi.plain("127.0.0.1", 0));
        String hugeKey = "k".repeat(100 * 1024);
        try (LogCapture log = new LogCapture()) {
            for (String path : List.of("/stats/%zz", "/stats/a%2", "/stats/%E0%A4%A", "/stats/" + hugeKey)) {
                assertThat(statusOfRawRequest(path))
                        .as(path.substring(0, Math.min(20, path.length())))
                        .isEqualTo("HTTP/1.1 400 Bad Request");
            }
            assertThat(log.lines()).noneMatch(l -> l.contains("Exception"));
        }
    }

    /** The status line of a GET sent as raw bytes: HTTP clients refuse to send a malformed path. */
    private String statusOfRawRequest(String rawPath) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }

    @Test
    void oneHundredThousandKeysAreListedInPages() throws Exception {
        StatsSnapshot one = TestData.example("k", 1);
        for (int k = 0; k < 100_000; k++) {
            snapshots.put(String.format("key-%06d", k), one);
        }
        start(QueryApi.plain("127.0.0.1", 0));
        List<String> listed = new ArrayList<>();
        int pages = 0;
        String next = null;
        do {
            String path = "/keys?limit=5000" + (next == null ? "" : "&after=" + next);
            JsonNode page = JSON.readTree(
                    send(CLIENT, HttpRequest.newBuilder(uri(path)).build()).body());
            page.get("keys").forEach(k -> listed.add(k.asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(20);
        assertThat(listed).containsExactlyElementsOf(snapshots.keySet());
        HttpResponse<String> tooMany =
                send(CLIENT, HttpRequest.newBuilder(uri("/keys?limit=100000")).build());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        JsonNode first = JSON.readTree(
                send(CLIENT, HttpRequest.newBuilder(uri("/keys")).build()).body());
        assertThat(first.get("keys")).hasSize(ApiHandler.DEFAULT_PAGE);
    }

    @Test
    void withATokenEveryRequestButHealthMustCarryIt() throws Exception {
        snapshots.put("k1", TestData.example("k1", 1));
        Path token = Files.writeString(dir.resolve("token"), "s3cr3t-token\n");
        start(new QueryApi("127.0.0.1", 0, token, null, null));

        HttpResponse<String> none =
                send(CLIENT, HttpRequest.newBuilder(uri("/stats/k1")).build());
        HttpResponse<String> wrong = send(
                CLIENT,
                HttpRequest.newBuilder(uri("/stats/k1"))
                        .header("Authorization", "Bearer s3cr3t")
                        .build());
        HttpResponse<String> right = send(
                CLIENT,
                HttpRequest.newBuilder(uri("/stats/k1"))
                        .header("Authorization", "Bearer s3cr3t-token")
                        .build());
        HttpResponse<String> health =
                send(CLIENT, HttpRequest.newBuilder(uri("/health")).build());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.body()).doesNotContain("s3cr3t");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void withAKeystoreTheApiSpeaksHttps() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path password = Files.writeString(dir.resolve("password"), "changeit-123\n");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "serving",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit-123")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        snapshots.put("k1", TestData.example("k1", 1));
        start(new QueryApi("127.0.0.1", 0, null, keystore, password));

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "changeit-123".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).build();

        HttpResponse<String> r = send(
                https,
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/stats/k1"))
                        .build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("key").asText()).isEqualTo("k1");
    }
}
