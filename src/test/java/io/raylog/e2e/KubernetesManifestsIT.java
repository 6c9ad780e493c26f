package io.raylog.e2e;

import static io.raylog.deploy.Manifests.kind;
import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.deploy.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * k8s/daemonset.yaml and the example RayCluster: the objects `kubectl apply` would create, and the ConfigMap's raylog
 * configuration checked by the built jar's `validate`.
 */
class KubernetesManifestsIT {
  @TempDir Path dir;

  @Test
  void theManifestHasExactlyTheObjectsADaemonSetInstallNeeds() throws Exception {
    List<JsonNode> objects = Manifests.daemonsetYaml();
    List<String> kinds = new ArrayList<>();
    objects.forEach(o -> kinds.add(o.get("kind").asString()));
    assertThat(kinds).containsExactly("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap",
        "DaemonSet", "Service");
    for (JsonNode object : objects) {
      assertThat(object.get("metadata").get("name").asString()).isEqualTo("raylog");
    }

    JsonNode rules = kind(objects, "ClusterRole").get("rules");
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).get("apiGroups").toString()).isEqualTo("[\"\"]");
    assertThat(rules.get(0).get("resources").toString()).isEqualTo("[\"pods\"]");
    assertThat(rules.get(0).get("verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
    JsonNode subject = kind(objects, "ClusterRoleBinding").get("subjects").get(0);
    assertThat(subject.get("name").asString() + "/" + subject.get("namespace").asString()).isEqualTo("raylog/raylog");

    JsonNode pod = kind(objects, "DaemonSet").get("spec").get("template").get("spec");
    JsonNode container = pod.get("containers").get(0);
    assertThat(pod.get("serviceAccountName").asString()).isEqualTo("raylog");
    assertThat(pod.get("tolerations").toString()).isEqualTo("[{\"operator\":\"Exists\"}]");
    assertThat(container.get("env").get(0).get("name").asString()).isEqualTo("NODE_NAME");
    assertThat(container.get("env").get(0).get("valueFrom").get("fieldRef").get("fieldPath").asString()).isEqualTo("spec.nodeName");
    assertThat(container.get("livenessProbe").get("httpGet").get("path").asString()).isEqualTo("/healthz");
    assertThat(container.get("readinessProbe").get("httpGet").get("path").asString()).isEqualTo("/readyz");
    assertThat(container.get("resources").get("requests").has("memory")).isTrue();
    assertThat(container.get("resources").get("limits").has("memory")).isTrue();
    JsonNode security = container.get("securityContext");
    assertThat(security.get("privileged").asBoolean()).isFalse();
    assertThat(security.get("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.get("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.get("capabilities").get("drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(security.get("capabilities").get("add").toString()).isEqualTo("[\"DAC_READ_SEARCH\"]");

    // Every host directory is mounted read-only except the state directory.
    Map<String, String> hostPaths = new java.util.HashMap<>();
    pod.get("volumes").forEach(v -> {
      if (v.has("hostPath")) {
        hostPaths.put(v.get("name").asString(), v.get("hostPath").get("path").asString());
      }
    });
    assertThat(hostPaths.values()).containsExactlyInAnyOrder("/var/lib/raylog", "/var/lib/kubelet/pods", "/var/log/pods", "/var/log/ray");
    container.get("volumeMounts").forEach(mount -> {
      String host = hostPaths.get(mount.get("name").asString());
      if (host != null) {
        assertThat(mount.get("mountPath").asString()).as("mounted at its own path (host_root is empty)").isEqualTo(host);
        assertThat(mount.path("readOnly").asBoolean()).as(host + " read-only").isEqualTo(!host.equals("/var/lib/raylog"));
      }
    });

    JsonNode service = kind(objects, "Service");
    assertThat(service.get("metadata").get("annotations").get("prometheus.io/scrape").asString()).isEqualTo("true");
    assertThat(service.get("metadata").get("annotations").get("prometheus.io/port").asString())
        .isEqualTo(container.get("ports").get(0).get("containerPort").asString());
  }

  @Test
  void theConfigMapsConfigurationIsValidAndMatchesTheMounts() throws Exception {
    List<JsonNode> objects = Manifests.daemonsetYaml();
    JsonNode config = Manifests.config(objects);
    JsonNode kubernetes = config.get("discovery").get("kubernetes");
    assertThat(kubernetes.get("node_name").asString()).isEqualTo("${NODE_NAME}");
    assertThat(kubernetes.get("kubelet_root").asString()).isEqualTo("/var/lib/kubelet");
    assertThat(kubernetes.get("pod_logs_root").asString()).isEqualTo("/var/log/pods");
    assertThat(kubernetes.get("host_root").asString()).isEmpty();
    assertThat(config.get("state_dir").asString()).isEqualTo("/var/lib/raylog");
    assertThat(config.get("server").get("port").asInt()).isEqualTo(2020);

    Path file = Files.writeString(dir.resolve("raylog.yaml"), Manifests.loadable(config));
    RaylogProcess validate = RaylogProcess.runToEnd(dir, "validate", "--config", file.toString());
    assertThat(validate.exitCode()).as(validate.stderrText() + validate.stdoutText()).isZero();
  }

  @Test
  void theExampleRayClusterKeepsEachPodsTempDirOnTheHostUnderItsOwnSubPath() throws Exception {
    JsonNode cluster = Manifests.documents(Files.readString(Path.of("k8s", "examples", "raycluster-hostpath.yaml"))).get(0);
    assertThat(cluster.get("kind").asString()).isEqualTo("RayCluster");
    List<JsonNode> podSpecs = new ArrayList<>();
    podSpecs.add(cluster.get("spec").get("headGroupSpec").get("template").get("spec"));
    cluster.get("spec").get("workerGroupSpecs").forEach(group -> podSpecs.add(group.get("template").get("spec")));
    String daemonSetRoot = kind(Manifests.daemonsetYaml(), "DaemonSet").get("spec").get("template").get("spec")
        .get("volumes").valueStream().filter(v -> v.get("name").asString().equals("ray-logs")).findFirst().orElseThrow()
        .get("hostPath").get("path").asString();
    for (JsonNode spec : podSpecs) {
      JsonNode container = spec.get("containers").get(0);
      JsonNode mount = container.get("volumeMounts").get(0);
      assertThat(mount.get("mountPath").asString()).isEqualTo("/tmp/ray");
      assertThat(mount.get("subPathExpr").asString()).isEqualTo("$(POD_NAMESPACE)_$(POD_NAME)");
      List<String> env = new ArrayList<>();
      container.get("env").forEach(e -> env.add(e.get("name").asString() + "=" + e.get("valueFrom").get("fieldRef").get("fieldPath").asString()));
      assertThat(env).contains("POD_NAME=metadata.name", "POD_NAMESPACE=metadata.namespace");
      assertThat(spec.get("volumes").get(0).get("hostPath").get("path").asString()).isEqualTo(daemonSetRoot);
    }
  }
}
