package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamingbatchnorm.flink.JobMetrics;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.metrics.MetricNames;
import org.junit.jupiter.api.Test;

/**
 * The Grafana service and its provisioned dashboard, checked without Docker: the files parse and fit together, and
 * the dashboard's queries name the metrics the code registers. Flink's job-level metrics (checkpoints) are checked by
 * {@code DashboardMetricsITCase}, which runs the job.
 */
class GrafanaDashboardTest {
    private static final JsonNode DASHBOARD = DashboardQueries.dashboard();

    @Test
    void theProvisioningFindsTheDashboardAndItsDataSource() {
        JsonNode grafana =
                DockerFiles.yaml("docker-compose.yml").path("services").path("grafana");
        List<String> volumes = DockerFiles.words(grafana.path("volumes"));
        JsonNode datasource = DockerFiles.yaml("grafana/provisioning/datasources/prometheus.yml")
                .path("datasources")
                .get(0);
        JsonNode provider = DockerFiles.yaml("grafana/provisioning/dashboards/streaming-batchnorm.yml")
                .path("providers")
                .get(0);

        assertThat(volumes)
                .contains(
                        "./grafana/provisioning/datasources:/etc/grafana/provisioning/datasources:ro",
                        "./grafana/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro",
                        "./grafana/dashboards:"
                                + provider.path("options").path("path").asText() + ":ro");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(DockerFiles.words(DockerFiles.yaml("docker-compose.yml")
                        .path("services")
                        .path("prometheus")
                        .path("ports")))
                .anyMatch(p -> p.endsWith(":9090"));
        String uid = datasource.path("uid").asText();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : DASHBOARD.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel id %s", panel.path("id"))
                    .isTrue();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(panel.path("title").asText())
                    .isEqualTo(uid);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(uid);
                String expr = target.path("expr").asText();
                assertThat(DashboardQueries.names(expr).size()
                                + DashboardQueries.namePatterns(expr).size())
                        .as("metrics named by %s", expr)
                        .isPositive();
            }
        }
        assertThat(DASHBOARD.path("uid").asText()).isEqualTo("streaming-batchnorm");
        assertThat(DockerFiles.words(grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")))
                .containsExactly(provider.path("options").path("path").asText() + "/streaming-batchnorm.json");
    }

    @Test
    void everyMetricOfTheJobsOperatorsAndOfTheServingApplicationIsOneTheCodeRegisters() throws Exception {
        Set<String> known = new HashSet<>();
        for (String name : JobMetrics.ALL) {
            known.add(JobMetrics.prometheusName(name));
        }
        // Flink's own operator metrics, by the constants Flink registers them with.
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                known.add(JobMetrics.prometheusName((String) f.get(null)));
            }
        }
        known.addAll(ServingMetricNames.of(new ServingMetrics().prometheusText()));

        for (String query : DashboardQueries.queries(DASHBOARD)) {
            List<String> ours = DashboardQueries.names(query).stream()
                    .filter(n -> n.startsWith("sbn_") || n.startsWith("flink_taskmanager_job_task_operator_"))
                    .filter(n -> !known.contains(n))
                    .toList();
            assertThat(ours).as(query).isEmpty();
            for (var pattern : DashboardQueries.namePatterns(query)) {
                assertThat(known).as(query).anyMatch(n -> pattern.matcher(n).matches());
            }
        }
    }
}
