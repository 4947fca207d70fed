package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.cli.cluster.LocalCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The cluster's jobs seen as an operator sees them: Flink's front end and its REST API. */
final class ClusterFlink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalCluster cluster;
    private final Path out;

    ClusterFlink(LocalCluster cluster, Path out) {
        this.cluster = cluster;
        this.out = out;
    }

    /** The thin job jar built by flink-job. */
    static Path jobJar() throws IOException {
        try (var files =
                Files.list(Path.of("..", "flink-job", "target").toAbsolutePath().normalize())) {
            return files.filter(p -> p.getFileName().toString().matches("streaming-batchnorm-job-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the job jar is not built"));
        }
    }

    /** {@code flink run -d JAR FLAGS...} with Flink's own front end; returns the job id it printed. */
    String flinkRun(List<String> jobFlags) throws IOException {
        return flinkRun(List.of(), jobFlags);
    }

    /** {@code flink run -d OPTIONS JAR FLAGS...}, with options of the front end such as {@code -s SAVEPOINT}. */
    String flinkRun(List<String> flinkOptions, List<String> jobFlags) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(flinkOptions);
        args.addAll(List.of(jobJar().toString(), "--detach"));
        args.addAll(jobFlags);
        return jobId(flink(args), "Job has been submitted with JobID ([0-9a-f]{32})");
    }

    /** {@code flink stop --savepointPath DIR JOB}: returns the savepoint's path. */
    String stopWithSavepoint(String jobId) throws IOException {
        String printed = flink(
                List.of("stop", "--savepointPath", cluster.savepoints().toUri().toString(), jobId));
        return jobId(printed, "Savepoint completed\\. Path: (\\S+)");
    }

    void cancel(String jobId) throws IOException {
        flink(List.of("cancel", jobId));
        await("job " + jobId + " cancelled", () -> status(jobId).equals("CANCELED"), Duration.ofMinutes(2));
    }

    String flink(List<String> args) throws IOException {
        long before = Files.exists(out) ? Files.size(out) : 0;
        int code = cluster.flink(args, out);
        String printed = Files.readString(out).substring((int) before);
        assertThat(code).as("flink %s printed: %s", args, printed).isZero();
        return printed;
    }

    String status(String jobId) {
        return rest("/jobs/" + jobId).path("state").asText("UNKNOWN");
    }

    /** When the job last started restarting (epoch millis), 0 if it never did. */
    long lastRestart(String jobId) {
        return rest("/jobs/" + jobId).path("timestamps").path("RESTARTING").asLong(0);
    }

    /** Whether the job and every one of its tasks run. */
    boolean running(String jobId) {
        JsonNode job = rest("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (v.path("tasks").path("RUNNING").asInt() != v.path("parallelism").asInt()) {
                return false;
            }
        }
        return true;
    }

    /** The TaskManager (its resource id: our process name) running subtask 0 of the vertex named like {@code name}. */
    String taskManagerOf(String jobId, String name) {
        for (JsonNode v : rest("/jobs/" + jobId).path("vertices")) {
            if (v.path("name").asText().contains(name)) {
                JsonNode tms =
                        rest("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers");
                return tms.path("taskmanagers").get(0).path("taskmanager-id").asText();
            }
        }
        throw new AssertionError("no vertex named like '" + name + "' in job " + jobId);
    }

    JsonNode rest(String path) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + cluster.restAddress() + path))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(String what, BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Object monitor = new Object();
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            synchronized (monitor) {
                try {
                    monitor.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static String jobId(String printed, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(printed);
        assertThat(m.find()).as("'%s' in: %s", pattern, printed).isTrue();
        return m.group(1);
    }
}
