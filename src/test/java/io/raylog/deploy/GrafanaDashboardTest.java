package io.raylog.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.deploy.MonitoringFiles.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * k8s/monitoring/raylog-dashboard.json is a dashboard Grafana imports anywhere: its Prometheus is the variable
 * {@code datasource}, its namespace, node and sink variables filter every panel, and every raylog metric it (or an
 * alert) reads is one the README's metrics table documents. PrometheusIT checks the names against a real scrape and
 * evaluates every query in a real Prometheus.
 */
class GrafanaDashboardTest {
  private static final String DATASOURCE = "${datasource}";

  @Test
  void thePrometheusIsTheDatasourceVariableInEveryPanelAndQuery() throws IOException {
    JsonNode dashboard = MonitoringFiles.dashboard();
    assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
    assertThat(dashboard.get("uid").asString()).isEqualTo("raylog");
    JsonNode datasource = variables(dashboard).get("datasource");
    assertThat(datasource.get("type").asString()).isEqualTo("datasource");
    assertThat(datasource.get("query").asString()).isEqualTo("prometheus");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels(dashboard)) {
      assertThat(ids.add(panel.get("id").asInt())).as("unique id of " + panel.get("title")).isTrue();
      if (panel.get("type").asString().equals("row")) {
        continue;
      }
      assertThat(panel.get("description").asString()).as(panel.get("title").asString()).isNotBlank();
      assertThat(panel.get("datasource").get("uid").asString()).isEqualTo(DATASOURCE);
      assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
      panel.get("targets").forEach(target -> assertThat(target.get("datasource").get("uid").asString()).isEqualTo(DATASOURCE));
      JsonNode grid = panel.get("gridPos");
      assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as(panel.get("title").asString()).isLessThanOrEqualTo(24);
    }
  }

  @Test
  void namespaceNodeAndSinkVariablesComeFromRaylogsMetricsAndFilterEveryPanel() throws IOException {
    Map<String, JsonNode> variables = variables(MonitoringFiles.dashboard());
    for (String name : List.of("job", "namespace", "node", "sink")) {
      JsonNode variable = variables.get(name);
      assertThat(variable).as("variable " + name).isNotNull();
      assertThat(variable.get("datasource").get("uid").asString()).isEqualTo(DATASOURCE);
      // "All" is a regex matching every value, and a series without the label (a scrape that does not set it).
      assertThat(variable.get("includeAll").asBoolean()).isTrue();
      assertThat(variable.get("allValue").asString()).isEqualTo(".*");
    }
    assertThat(MonitoringFiles.variableQueries()).allSatisfy(v -> {
      assertThat(MonitoringFiles.raylogMetrics(v.selector())).as(v.variable()).isNotEmpty();
      assertThat(v.label()).isEqualTo(v.variable());
    });
    for (Query query : MonitoringFiles.panelQueries()) {
      assertThat(query.promql()).as(query.where())
          .contains("job=~\"$job\", namespace=~\"$namespace\", node=~\"$node\"");
      if (query.promql().contains("raylog_sink_")) {
        assertThat(query.promql()).as(query.where()).contains("sink=~\"$sink\"");
      }
    }
  }

  @Test
  void everyRaylogMetricOfThePanelsAndAlertsIsInTheReadmesMetricsTable() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Map<String, List<String>> unknown = new TreeMap<>();
    for (Query query : MonitoringFiles.allQueries()) {
      for (String name : MonitoringFiles.raylogMetrics(query.promql())) {
        String family = name.replaceAll("_(bucket|count|sum|max)$", "");
        if (!readme.contains("`" + name + "`") && !readme.contains("`" + family + "`")) {
          unknown.computeIfAbsent(name, n -> new ArrayList<>()).add(query.where());
        }
      }
    }
    assertThat(unknown).as("metrics read by the dashboard or the alerts that raylog does not document").isEmpty();
  }

  @Test
  void theDashboardCoversWhatAnOperatorAsksFor() throws IOException {
    Set<String> metrics = new HashSet<>();
    MonitoringFiles.panelQueries().forEach(q -> metrics.addAll(MonitoringFiles.raylogMetrics(q.promql())));
    assertThat(metrics).contains("raylog_records_emitted_total", "raylog_bytes_read_total", "raylog_sink_bytes_sent_total",
        "raylog_sink_records_sent_total", "raylog_lag_bytes", "raylog_lag_max_file_bytes", "raylog_reading_paused",
        "raylog_sink_failures_total", "raylog_sink_retries_total", "raylog_sink_latency_seconds_bucket",
        "raylog_kubernetes_pods_followed", "raylog_kubernetes_pods_unreadable", "raylog_dropped_bytes_total",
        "raylog_checkpoint_age_seconds", "raylog_files_watched", "raylog_spool_bytes", "raylog_spool_oldest_age_seconds",
        "raylog_retention_deleted_bytes_total", "raylog_retention_held_back_bytes");
    String all = MonitoringFiles.panelQueries().toString();
    assertThat(all).contains("histogram_quantile(0.99,", "process_cpu_seconds_total", "process_resident_memory_bytes");
  }

  private static Map<String, JsonNode> variables(JsonNode dashboard) {
    Map<String, JsonNode> variables = new TreeMap<>();
    dashboard.get("templating").get("list").forEach(v -> variables.put(v.get("name").asString(), v));
    return variables;
  }

  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    dashboard.get("panels").forEach(panel -> {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    });
    return panels;
  }
}
