package io.streamingbatchnorm.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waits, with a deadline, until a process of the local cluster serves requests; reports a process that died. */
final class Readiness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    /** Flink's REST answer to {@code GET path}, if the JobManager answers at all. */
    static Optional<JsonNode> rest(String restAddress, String path) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + restAddress + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Polls {@code ready} until true; fails early if one of {@code processes} (name to pid) has exited. */
    static void await(String what, Supplier<Boolean> ready, Map<String, Long> processes, Path logs, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.get()) {
            for (Map.Entry<String, Long> p : processes.entrySet()) {
                if (!JvmProcess.alive(p.getValue())) {
                    throw ClusterException.failure(p.getKey() + " exited while waiting for " + what + ": "
                            + lastLines(Commands.outFile(new ClusterFiles(logs.getParent()), p.getKey()))
                            + " (logs in " + logs + ")");
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw ClusterException.failure("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; see the logs in " + logs);
            }
            pause();
        }
    }

    /** Whether a broker at {@code bootstrapServers} answers a metadata request. */
    static boolean brokerAnswers(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000"))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** How many TaskManagers the JobManager has registered, or -1 if it does not answer. */
    static int taskManagers(String restAddress) {
        return rest(restAddress, "/overview")
                .map(n -> n.path("taskmanagers").asInt(-1))
                .orElse(-1);
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClusterException.failure("interrupted");
        }
    }
}
