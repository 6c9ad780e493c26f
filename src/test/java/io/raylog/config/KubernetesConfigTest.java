package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code discovery.kubernetes} keys: values, defaults, and mistakes reported with their key path. */
class KubernetesConfigTest {
  private static final String SINKS = "sinks:\n  - {name: out, type: stdout}\n";

  @TempDir Path dir;

  private ConfigFiles files() {
    return new ConfigFiles(dir);
  }

  @Test
  void readsEveryKey() {
    RaylogConfig config = ConfigLoader.load(files().write("""
        discovery:
          kubernetes:
            node_name: ${NODE_NAME}
            kubelet_root: /data/kubelet
            pod_logs_root: /data/pods
            host_root: /host
            label_selector: ray.io/is-ray-node=yes
            labels: ["ray.io/*", team]
            annotations: ["example.com/*"]
            scan_interval: 1m
        """ + SINKS), Map.of("NODE_NAME", "node-7"));

    assertThat(config.discovery().staticRoots()).isNull();
    assertThat(config.discovery().kubernetes()).isEqualTo(new RaylogConfig.KubernetesDiscovery("node-7",
        Path.of("/data/kubelet"), Path.of("/data/pods"), "/host", "ray.io/is-ray-node=yes", List.of("ray.io/*", "team"),
        List.of("example.com/*"), Duration.ofMinutes(1)));
  }

  @Test
  void defaultsMatchTheKubeletsLayout() {
    RaylogConfig config = files().load("discovery:\n  kubernetes:\n    node_name: n1\n    host_root: \"\"\n" + SINKS);

    assertThat(config.discovery().kubernetes()).isEqualTo(new RaylogConfig.KubernetesDiscovery("n1",
        Path.of("/var/lib/kubelet"), Path.of("/var/log/pods"), "", "", List.of("ray.io/*", "app.kubernetes.io/*"),
        List.of(), Duration.ofSeconds(60)));
  }

  @Test
  void mistakesNameTheirKey() {
    assertThat(files().problems("discovery:\n  kubernetes:\n    kubelet_root: /k\n" + SINKS))
        .containsExactly("discovery.kubernetes.node_name: required");
    assertThat(files().problems("""
        discovery:
          kubernetes:
            node_name: n1
            host_root: host
            labels: ray.io/*
            annotations: ["a b"]
        """ + SINKS)).containsExactly(
            "discovery.kubernetes.host_root: must be empty or an absolute path, got \"host\"",
            "discovery.kubernetes.labels: expected a list such as [\"ray.io/*\"], got \"ray.io/*\"",
            "discovery.kubernetes.annotations[0]: must be an annotation key, or a prefix ending in `*`, got \"a b\"");
    assertThat(files().problems("discovery:\n  kubernetes: {node_name: n}\n  static: {roots: [/r]}\n" + SINKS))
        .containsExactly("discovery: set only one mode, got static, kubernetes");
  }
}
