package io.raylog.deploy;

import static io.raylog.deploy.Manifests.kind;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.raylog.config.ConfigLoader;
import io.raylog.config.RaylogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Helm chart, through Helm itself (helm-java runs it offline): lint, and a default render equal in substance to k8s/daemonset.yaml. */
class HelmChartTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void lintPasses() {
    LintResult lint = new Helm(Manifests.CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theDefaultRenderHasTheObjectsOfTheManifestExceptTheNamespace() throws IOException {
    List<JsonNode> chart = render();
    List<JsonNode> manifest = Manifests.daemonsetYaml();
    Set<String> manifestKinds = kinds(manifest);
    manifestKinds.remove("Namespace"); // Helm installs into a namespace it is given (--create-namespace)
    assertThat(kinds(chart)).isEqualTo(manifestKinds);
    for (JsonNode object : chart) {
      assertThat(object.get("metadata").get("name").asString()).as(object.get("kind").asString()).isEqualTo("raylog");
      if (!object.get("kind").asString().startsWith("Cluster")) {
        assertThat(object.get("metadata").get("namespace").asString()).isEqualTo("raylog");
      }
    }
    assertThat(kind(chart, "ClusterRole").get("rules")).isEqualTo(kind(manifest, "ClusterRole").get("rules"));
    assertThat(kind(chart, "ClusterRoleBinding").get("subjects")).isEqualTo(kind(manifest, "ClusterRoleBinding").get("subjects"));
    JsonNode chartService = kind(chart, "Service");
    JsonNode manifestService = kind(manifest, "Service");
    assertThat(chartService.get("metadata").get("annotations")).isEqualTo(manifestService.get("metadata").get("annotations"));
    assertThat(chartService.get("spec").get("ports")).isEqualTo(manifestService.get("spec").get("ports"));
    assertThat(chartService.get("spec").get("clusterIP")).isEqualTo(manifestService.get("spec").get("clusterIP"));
  }

  @Test
  void theDefaultDaemonSetMatchesTheManifestsMountsProbesResourcesAndSecurity() throws IOException {
    JsonNode chart = kind(render(), "DaemonSet").get("spec").get("template").get("spec");
    JsonNode manifest = kind(Manifests.daemonsetYaml(), "DaemonSet").get("spec").get("template").get("spec");
    for (String field : List.of("serviceAccountName", "terminationGracePeriodSeconds", "tolerations", "securityContext")) {
      assertThat(chart.get(field)).as(field).isEqualTo(manifest.get(field));
    }
    JsonNode chartContainer = chart.get("containers").get(0);
    JsonNode manifestContainer = manifest.get("containers").get(0);
    for (String field : List.of("args", "env", "ports", "livenessProbe", "readinessProbe", "resources", "securityContext")) {
      assertThat(chartContainer.get(field)).as("container " + field).isEqualTo(manifestContainer.get(field));
    }
    assertThat(mounts(chart)).isEqualTo(mounts(manifest));
    assertThat(chartContainer.get("image").asString()).isEqualTo("raylog:0.1.0");
  }

  @Test
  void theDefaultConfigurationIsTheManifestsConfiguration() throws IOException {
    JsonNode chart = Manifests.config(render());
    JsonNode manifest = Manifests.config(Manifests.daemonsetYaml());
    assertThat(chart.get("discovery")).isEqualTo(manifest.get("discovery"));
    // The chart spells out every default; loaded, both are the same configuration.
    Map<String, String> env = Map.of("NODE_NAME", "node-1");
    RaylogConfig fromChart = ConfigLoader.load(Files.writeString(dir.resolve("chart.yaml"), Manifests.loadable(chart)), env);
    RaylogConfig fromManifest = ConfigLoader.load(Files.writeString(dir.resolve("manifest.yaml"), Manifests.loadable(manifest)), env);
    assertThat(fromChart).isEqualTo(fromManifest);
  }

  @Test
  void serviceMonitorAndPodMonitorAreRenderedOnRequest() {
    List<JsonNode> objects = Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog")
        .set("serviceMonitor.enabled", true).set("podMonitor.enabled", true).set("serviceMonitor.labels.release", "kube-prometheus")
        .call());
    JsonNode serviceMonitor = kind(objects, "ServiceMonitor");
    assertThat(serviceMonitor.get("metadata").get("labels").get("release").asString()).isEqualTo("kube-prometheus");
    assertThat(serviceMonitor.get("spec").get("endpoints").get(0).get("port").asString()).isEqualTo("http");
    assertThat(serviceMonitor.get("spec").get("selector").get("matchLabels"))
        .isEqualTo(kind(objects, "Service").get("spec").get("selector"));
    JsonNode podMonitor = kind(objects, "PodMonitor");
    assertThat(podMonitor.get("spec").get("podMetricsEndpoints").get(0).get("path").asString()).isEqualTo("/metrics");
    assertThat(podMonitor.get("spec").get("selector").get("matchLabels"))
        .isEqualTo(kind(objects, "DaemonSet").get("spec").get("selector").get("matchLabels"));
    assertThat(kinds(render())).doesNotContain("ServiceMonitor", "PodMonitor");
  }

  @Test
  void theMonitorsSetTheJobTheAlertsSelectAndTheNodeTheDashboardGroupsBy() {
    List<JsonNode> objects = Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog")
        .set("serviceMonitor.enabled", true).set("podMonitor.enabled", true).set("scrapeJob", "ray-logs").call());
    for (JsonNode endpoint : List.of(kind(objects, "ServiceMonitor").get("spec").get("endpoints").get(0),
        kind(objects, "PodMonitor").get("spec").get("podMetricsEndpoints").get(0))) {
      assertThat(endpoint.get("relabelings").toString()).isEqualTo("[{\"targetLabel\":\"job\",\"replacement\":\"ray-logs\"},"
          + "{\"sourceLabels\":[\"__meta_kubernetes_pod_node_name\"],\"targetLabel\":\"node\"}]");
    }
  }

  @Test
  void theChartsMonitoringFilesAreCopiesOfThoseInK8sMonitoring() throws IOException {
    // Helm reads only files inside the chart: it keeps copies, which must not drift from the files people import.
    for (Path file : List.of(MonitoringFiles.DASHBOARD, MonitoringFiles.RULES)) {
      Path copy = MonitoringFiles.CHART_FILES.resolve(file.getFileName());
      assertThat(Files.readAllBytes(copy)).as(copy + " is a copy of " + file + ": cp " + file + " " + copy)
          .isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void theGrafanaDashboardIsAConfigMapForGrafanasSidecarOnRequest() throws IOException {
    assertThat(render()).noneMatch(o -> o.get("metadata").get("name").asString().endsWith("-dashboard"));
    List<JsonNode> objects = Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog")
        .set("grafanaDashboard.enabled", true).call());
    JsonNode dashboard = named(objects, "raylog-dashboard");
    assertThat(dashboard.get("kind").asString()).isEqualTo("ConfigMap");
    assertThat(dashboard.get("metadata").get("namespace").asString()).isEqualTo("raylog");
    assertThat(dashboard.get("metadata").get("labels").get("grafana_dashboard").asString()).isEqualTo("1");
    assertThat(dashboard.get("data").get("raylog-dashboard.json").asString() + "\n")
        .isEqualTo(Files.readString(MonitoringFiles.DASHBOARD));

    List<JsonNode> elsewhere = Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog")
        .set("grafanaDashboard.enabled", true).set("grafanaDashboard.label", "dashboards").set("grafanaDashboard.labelValue", "raylog")
        .set("grafanaDashboard.namespace", "monitoring").set("grafanaDashboard.annotations.grafana_folder", "Logging").call());
    JsonNode metadata = named(elsewhere, "raylog-dashboard").get("metadata");
    assertThat(metadata.get("labels").get("dashboards").asString()).isEqualTo("raylog");
    assertThat(metadata.get("labels").has("grafana_dashboard")).isFalse();
    assertThat(metadata.get("namespace").asString()).isEqualTo("monitoring");
    assertThat(metadata.get("annotations").get("grafana_folder").asString()).isEqualTo("Logging");
  }

  @Test
  void thePrometheusRuleHasTheRulesOfTheRuleFileOnRequest() throws IOException {
    assertThat(kinds(render())).doesNotContain("PrometheusRule");
    JsonNode rules = Manifests.YAML.readTree(Files.readString(MonitoringFiles.RULES));
    JsonNode rule = kind(Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog")
        .set("prometheusRule.enabled", true).set("prometheusRule.labels.release", "kube-prometheus").call()), "PrometheusRule");
    assertThat(rule.get("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.get("metadata").get("labels").get("release").asString()).isEqualTo("kube-prometheus");
    assertThat(rule.get("spec").get("groups")).isEqualTo(rules.get("groups"));

    // Another job and another home for the runbook: only the rules that select the job, and the URLs, change.
    JsonNode other = kind(Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog")
        .set("prometheusRule.enabled", true).set("scrapeJob", "kubernetes-service-endpoints")
        .set("prometheusRule.runbookBaseUrl", "https://wiki.example.com/raylog").call()), "PrometheusRule");
    String groups = JSON.writeValueAsString(rules.get("groups")); // in JSON, job="raylog" is job=\"raylog\"
    JsonNode expected = JSON.readTree(groups.replace("job=\\\"raylog\\\"", "job=\\\"kubernetes-service-endpoints\\\"")
        .replace(MonitoringFiles.RUNBOOK_URL, "https://wiki.example.com/raylog"));
    assertThat(other.get("spec").get("groups")).isEqualTo(expected);
    assertThat(other.get("spec").get("groups").toString())
        .contains("up{job=\\\"kubernetes-service-endpoints\\\"} == 0", "https://wiki.example.com/raylog#raylogtargetdown")
        .doesNotContain("job=\\\"raylog\\\"");
  }

  @Test
  void lintPassesWithEveryMonitoringObjectOn() throws IOException {
    Path chart = dir.resolve("raylog");
    try (var files = Files.walk(Manifests.CHART)) {
      for (Path file : files.toList()) {
        Files.copy(file, chart.resolve(Manifests.CHART.relativize(file).toString()));
      }
    }
    ObjectNode values = (ObjectNode) Manifests.YAML.readTree(
        Files.readString(chart.resolve("values.yaml")));
    for (String key : List.of("serviceMonitor", "podMonitor", "grafanaDashboard", "prometheusRule")) {
      ((ObjectNode) values.get(key)).put("enabled", true);
    }
    Files.writeString(chart.resolve("values.yaml"), Manifests.YAML.writeValueAsString(values));
    LintResult lint = new Helm(chart).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void aHostRootPrefixAndAnotherPortFollowIntoMountsProbesAndTheService() {
    List<JsonNode> objects = Manifests.documents(new Helm(Manifests.CHART).template().withName("logs").withNamespace("ops")
        .set("config.discovery.kubernetes.host_root", "/host").set("config.server.port", 9100)
        .set("rayLogRoots[0]", "/data/ray").call());
    JsonNode pod = kind(objects, "DaemonSet").get("spec").get("template").get("spec");
    Map<String, String> mounts = mounts(pod);
    assertThat(mounts)
        .containsEntry("/var/lib/kubelet/pods", "/host/var/lib/kubelet/pods ro HostToContainer (Directory)")
        .containsEntry("/var/log/pods", "/host/var/log/pods ro (Directory)")
        .containsEntry("/data/ray", "/host/data/ray ro (DirectoryOrCreate)")
        .containsEntry("/var/lib/raylog", "/var/lib/raylog rw (DirectoryOrCreate)");
    assertThat(pod.get("containers").get(0).get("ports").get(0).get("containerPort").asInt()).isEqualTo(9100);
    assertThat(kind(objects, "Service").get("metadata").get("annotations").get("prometheus.io/port").asString()).isEqualTo("9100");
    assertThat(kind(objects, "DaemonSet").get("metadata").get("name").asString()).isEqualTo("logs-raylog");
  }

  @Test
  void onlyASettingThatNeedsARestartRollsThePodsTheOthersAreReloaded() {
    String defaults = restartChecksum(Map.of());
    assertThat(restartChecksum(Map.of("config.pipeline.batch.max_records", 500, "config.tail.max_line_bytes", "2MiB")))
        .isEqualTo(defaults);
    assertThat(restartChecksum(Map.of("config.server.port", 9100))).isNotEqualTo(defaults);
    assertThat(restartChecksum(Map.of("config.state_dir", "/var/lib/raylog2"))).isNotEqualTo(defaults);
  }

  private static String restartChecksum(Map<String, Object> values) {
    var template = new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog");
    values.forEach(template::set);
    JsonNode annotations = kind(Manifests.documents(template.call()), "DaemonSet").get("spec").get("template")
        .get("metadata").get("annotations");
    assertThat(annotations.has("checksum/config")).isFalse();
    return annotations.get("checksum/restart-settings").asString();
  }

  @Test
  void staticModeMountsOnlyTheRaylogRootsItNames() {
    List<JsonNode> objects = Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog")
        .set("config.discovery.kubernetes", "null").set("config.discovery.static.roots[0]", "/var/log/ray")
        .call());
    JsonNode config = Manifests.config(objects);
    assertThat(config.get("discovery").propertyNames()).containsExactly("static");
    Map<String, String> mounts = mounts(kind(objects, "DaemonSet").get("spec").get("template").get("spec"));
    assertThat(mounts.keySet()).containsExactlyInAnyOrder("/var/lib/raylog", "/var/log/ray");
  }

  @Test
  void retentionMountsTheRayRootsReadWriteAndOnlyThen() {
    JsonNode off = kind(render(), "DaemonSet").get("spec").get("template").get("spec");
    assertThat(mounts(off)).containsEntry("/var/log/ray", "/var/log/ray ro (DirectoryOrCreate)")
        .containsEntry("/var/lib/kubelet/pods", "/var/lib/kubelet/pods ro HostToContainer (Directory)");
    assertThat(off.get("containers").get(0).get("securityContext").get("capabilities").get("add").toString())
        .isEqualTo("[\"DAC_READ_SEARCH\"]");

    List<JsonNode> objects = Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog")
        .withNamespace("raylog").set("config.retention.enabled", true).set("config.retention.max_bytes", "20GiB").call());
    JsonNode on = kind(objects, "DaemonSet").get("spec").get("template").get("spec");
    assertThat(mounts(on))
        .containsEntry("/var/log/ray", "/var/log/ray rw (DirectoryOrCreate)")
        .containsEntry("/var/lib/kubelet/pods", "/var/lib/kubelet/pods rw HostToContainer (Directory)")
        .containsEntry("/var/log/pods", "/var/log/pods ro (Directory)"); // the kubelet's own logs: never retention's
    JsonNode capabilities = on.get("containers").get(0).get("securityContext").get("capabilities");
    assertThat(capabilities.get("add").toString()).isEqualTo("[\"DAC_READ_SEARCH\",\"DAC_OVERRIDE\"]");
    assertThat(capabilities.get("drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(Manifests.config(objects).get("retention").get("enabled").asBoolean()).isTrue();
  }

  @Test
  void valuesOfTheWrongKindAreRefusedByTheSchema() {
    Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> new Helm(Manifests.CHART).template()
        .withName("raylog").set("config.tail.max_open_files", "many").call());
    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("max_open_files");
    Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(() -> new Helm(Manifests.CHART).template()
        .withName("raylog").set("config.tail.max_open_file", 10).call());
    assertThat(unknown).isNotNull();
    assertThat(unknown.getMessage()).contains("max_open_file");
  }

  @Test
  void theNotesTellHowToReachTheStatusPage() {
    String output = new Helm(Manifests.CHART).install().withName("raylog").withNamespace("logging").dryRun().clientOnly()
        .call().getOutput();
    assertThat(output).contains("kubectl -n logging port-forward $POD 2020:2020", "http://localhost:2020/",
        "--field-selector spec.nodeName=$NODE", "serviceMonitor.enabled=true", "grafanaDashboard.enabled=true",
        "prometheusRule.enabled=true");
    String withRules = new Helm(Manifests.CHART).install().withName("raylog").withNamespace("logging").dryRun().clientOnly()
        .set("prometheusRule.enabled", true).call().getOutput();
    assertThat(withRules).contains("select job=\"raylog\": set scrapeJob").doesNotContain("grafanaDashboard.enabled=true");
  }

  private static List<JsonNode> render() {
    return Manifests.documents(new Helm(Manifests.CHART).template().withName("raylog").withNamespace("raylog").call());
  }

  private static JsonNode named(List<JsonNode> objects, String name) {
    return objects.stream().filter(o -> o.get("metadata").get("name").asString().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no object named " + name));
  }

  private static Set<String> kinds(List<JsonNode> objects) {
    Set<String> kinds = new TreeSet<>();
    objects.forEach(o -> kinds.add(o.get("kind").asString()));
    return kinds;
  }

  /** Host path to path in the pod, for every hostPath volume mounted in the first container; read-only ones marked. */
  private static Map<String, String> mounts(JsonNode podSpec) {
    Map<String, String> hostPathByVolume = new HashMap<>();
    podSpec.get("volumes").forEach(v -> {
      if (v.has("hostPath")) {
        hostPathByVolume.put(v.get("name").asString(), v.get("hostPath").get("path").asString() + " (" + v.get("hostPath").get("type").asString() + ")");
      }
    });
    Map<String, String> mounts = new java.util.TreeMap<>();
    podSpec.get("containers").get(0).get("volumeMounts").forEach(m -> {
      String host = hostPathByVolume.get(m.get("name").asString());
      if (host != null) {
        String options = (m.path("readOnly").asBoolean() ? " ro" : " rw") + (m.has("mountPropagation") ? " " + m.get("mountPropagation").asString() : "");
        mounts.put(host.substring(0, host.indexOf(" (")), m.get("mountPath").asString() + options + host.substring(host.indexOf(" (")));
      }
    });
    return mounts;
  }
}
