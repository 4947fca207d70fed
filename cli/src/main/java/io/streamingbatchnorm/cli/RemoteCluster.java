package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.cli.cluster.Dist;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;

/** {@code normalize run --jobmanager}: the job submitted with its job jar to a running Flink cluster's REST API. */
final class RemoteCluster {
    private RemoteCluster() {}

    /** Points {@code conf} at the cluster, after checking that it answers and that the job jar exists. */
    static void target(Configuration conf, String jobManager, Path jobJar) {
        int colon = jobManager.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(jobManager.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw CliException.usage(
                    "--jobmanager: give HOST:PORT of the JobManager's REST API, got '" + jobManager + "'");
        }
        String host = colon > 0 ? jobManager.substring(0, colon) : "";
        if (host.isBlank() || port < 1 || port > 65535) {
            throw CliException.usage(
                    "--jobmanager: give HOST:PORT of the JobManager's REST API, got '" + jobManager + "'");
        }
        Path jar = jobJar != null
                ? jobJar
                : new Dist(Dist.defaultHome(), Dist.defaultJava())
                        .jobJar()
                        .orElseThrow(() -> CliException.usage("--job-jar: no job jar found in flink-job/target; build "
                                + "it with 'mvn -B -pl flink-job -am package -DskipTests' or name it with --job-jar"));
        if (!Files.isRegularFile(jar)) {
            throw CliException.usage("--job-jar: no such file '" + jar + "'; build the job jar with "
                    + "'mvn -B -pl flink-job -am package -DskipTests'");
        }
        requireAnswers(host, port);
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, host);
        conf.set(RestOptions.PORT, port);
        conf.set(PipelineOptions.JARS, List.of(jar.toAbsolutePath().toUri().toString()));
    }

    private static void requireAnswers(String host, int port) {
        String problem;
        try {
            HttpResponse<Void> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/overview"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return;
            }
            problem = "HTTP " + r.statusCode();
        } catch (IOException e) {
            problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        throw CliException.failure("--jobmanager: no Flink JobManager answers at " + host + ":" + port + " (" + problem
                + "); start one with 'normalize cluster up' ('normalize cluster status' shows its address)");
    }
}
