package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.deploy.MonitoringFiles;
import io.raylog.deploy.MonitoringFiles.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard and the alerting rules of k8s/monitoring/ against the built jar shipping the bundled sessions:
 * every raylog metric they read is one raylog exports, and every query runs in a real Prometheus scraping it, with
 * data wherever a static-mode raylog has some.
 */
class DashboardAndAlertsIT {
  /**
   * Metrics a static-mode raylog shipping the fixtures to a file does not export (each test of the condition checks
   * it); each name must still be written in raylog's sources, so a rename fails here.
   */
  static final Map<String, String> ONLY_UNDER_CONDITIONS = Map.of(
      "raylog_kubernetes_pods_followed", "Kubernetes discovery only (KubernetesIT)",
      "raylog_kubernetes_pods_unreadable", "Kubernetes discovery only (KubernetesIT)",
      "raylog_kubernetes_api_errors_total", "Kubernetes discovery, from the first failed API call",
      "raylog_dropped_bytes_total", "from the first drop, by reason (PodDeletedDuringOutageIT, FullStateDiskIT)",
      "raylog_retention_deleted_bytes_total", "retention or Kubernetes discovery, from the first deletion (RetentionIT)",
      "raylog_retention_held_back_bytes", "retention or Kubernetes discovery (RetentionIT)",
      "raylog_retention_over_cap_bytes", "retention or Kubernetes discovery (RetentionIT)",
      "raylog_sink_send_failures_total", "network sinks, from the first failed send (HttpSinkOutageIT)",
      "raylog_sink_records_rejected_total", "network sinks, from the first record refused for good");

  /** Panels without data on a static-mode raylog that ships everything to a healthy file sink. */
  static final Map<String, String> EMPTY_PANELS = Map.of(
      "Ray pods followed", "Kubernetes discovery only",
      "Ray containers unreadable by reason", "Kubernetes discovery only",
      "Kubernetes API errors /s", "Kubernetes discovery only",
      "Send failures by reason", "network sinks that fail only",
      "Records rejected by reason", "network sinks whose backend refuses records only",
      "Dropped bytes by reason", "nothing is dropped",
      "Retention deleted bytes by reason", "retention or Kubernetes discovery only",
      "Retention held back", "retention or Kubernetes discovery only");

  /** Values of the dashboard's variables: those of the test's scrape; Grafana's intervals at a 1 s scrape. */
  static final Map<String, String> VARIABLES = Map.of(
      "$__rate_interval", "1m", "$__range", "1m", "$job", "raylog",
      "$namespace", ScrapingPrometheus.TARGET_LABELS.get("namespace"), "$node", ScrapingPrometheus.TARGET_LABELS.get("node"),
      "$sink", "archive");

  @TempDir Path dir;

  @Test
  void everyRaylogMetricOfTheDashboardAndTheAlertsIsOneRaylogExports() throws Exception {
    try (ServedRaylog raylog = ServedRaylog.start(dir)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrapes.sum(raylog.get("/metrics").body(), "raylog_sink_records_sent_total") > 0);
      Set<String> exported = PrometheusIT.sampleNames(raylog.get("/metrics").body());
      String sources = mainSources();
      Map<String, List<String>> unknown = new TreeMap<>();
      for (Query query : MonitoringFiles.allQueries()) {
        for (String name : MonitoringFiles.raylogMetrics(query.promql())) {
          if (!exported.contains(name) && !ONLY_UNDER_CONDITIONS.containsKey(name)) {
            unknown.computeIfAbsent(name, n -> new ArrayList<>()).add(query.where());
          }
        }
      }
      assertThat(unknown).as("metrics read by the dashboard or the alerts that a scrape of raylog does not show").isEmpty();
      ONLY_UNDER_CONDITIONS.keySet().forEach(name -> {
        assertThat(exported).as(name + " is in the scrape: remove it from ONLY_UNDER_CONDITIONS").doesNotContain(name);
        // Micrometer's name in the sources: a counter's without _total.
        assertThat(sources).as(name + " in src/main/java").contains("\"" + name.replaceAll("_total$", "") + "\"");
      });
    }
  }

  @Test
  void everyPanelAndAlertQueryRunsInARealPrometheusAndThePanelsHaveData() throws Exception {
    try (ServedRaylog raylog = ServedRaylog.start(dir); ScrapingPrometheus prometheus = ScrapingPrometheus.start(dir, raylog.port())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
          !prometheus.query("sum(raylog_sink_records_sent_total) > 0").isEmpty());
      // Panels: each parses (query() fails on a 400), and has data unless listed in EMPTY_PANELS.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        List<String> withoutData = new ArrayList<>();
        for (Query query : MonitoringFiles.panelQueries()) {
          if (prometheus.query(substituted(query.promql())).isEmpty() && !EMPTY_PANELS.containsKey(title(query))) {
            withoutData.add(query.where() + ": " + substituted(query.promql()));
          }
        }
        assertThat(withoutData).as("panels without data").isEmpty();
      });
      assertThat(MonitoringFiles.panelQueries().stream().map(DashboardAndAlertsIT::title))
          .as("panels named in EMPTY_PANELS").containsAll(EMPTY_PANELS.keySet());
      // Variables: each label_values selector finds the value of the test's scrape.
      for (MonitoringFiles.LabelValues variable : MonitoringFiles.variableQueries()) {
        JsonNode result = prometheus.query(substituted(variable.selector()));
        assertThat(result).as("variable " + variable.variable()).isNotEmpty();
        List<String> values = new ArrayList<>();
        result.forEach(series -> values.add(series.get("metric").path(variable.label()).asString()));
        assertThat(values).as("variable " + variable.variable()).contains(VARIABLES.get("$" + variable.variable()));
      }
      // Alerts: each parses, none fires on a raylog that ships everything, and Prometheus evaluates every rule.
      for (Query alert : MonitoringFiles.alertQueries()) {
        assertThat(prometheus.query(alert.promql())).as(alert.where() + ": " + alert.promql()).isEmpty();
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        List<String> rules = new ArrayList<>();
        prometheus.ruleGroups().forEach(group -> group.get("rules").forEach(rule ->
            rules.add(rule.get("name").asString() + " " + rule.get("health").asString() + " " + rule.path("lastError").asString(""))));
        assertThat(rules).hasSize(MonitoringFiles.alerts().size()).allSatisfy(rule -> assertThat(rule).contains(" ok "));
      });
    }
  }

  private static String substituted(String promql) {
    String result = promql;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      result = result.replace(variable.getKey(), variable.getValue());
    }
    assertThat(result).as(promql).doesNotContain("$");
    return result;
  }

  private static String title(Query panelQuery) {
    return panelQuery.where().substring("panel ".length(), panelQuery.where().lastIndexOf(' '));
  }

  private static String mainSources() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        text.append(Files.readString(file));
      }
    }
    return text.toString();
  }
}
