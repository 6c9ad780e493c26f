package io.raylog.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.raylog.discovery.PodStatus;
import io.raylog.metrics.CheckpointMetrics;
import io.raylog.pipeline.MemoryBudget;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pods section of /status: each Ray pod with its directories, or the reason its logs cannot be read. */
class StatusSnapshotPodsTest {
  private static JsonNode snapshot(List<PodStatus> pods) {
    String json = StatusSnapshot.json(List.of(), new MemoryBudget(1 << 20, () -> {}),
        new CheckpointMetrics(new SimpleMeterRegistry()), List.of(), List.of(), OptionalSections.NONE.withPods(pods));
    return JsonMapper.builder().build().readTree(json);
  }

  @Test
  void listsEveryPodWithItsDirectoriesOrProblems() {
    JsonNode pods = snapshot(List.of(
        new PodStatus("ml", "head", List.of("ray-head: /var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/l"),
            List.of()),
        new PodStatus("ml", "worker", List.of(), List.of("container ray: … (no volume is mounted at /tmp/ray); fix: …"))))
        .get("pods");

    assertThat(pods).hasSize(2);
    assertThat(pods.get(0).get("name").asString()).isEqualTo("head");
    assertThat(pods.get(0).get("directories").get(0).asString()).startsWith("ray-head: /var/lib/kubelet");
    assertThat(pods.get(0).has("problems")).isFalse();
    assertThat(pods.get(1).get("namespace").asString()).isEqualTo("ml");
    assertThat(pods.get(1).get("problems").get(0).asString()).contains("fix:");
  }

  @Test
  void staticModeHasNoPodsSection() {
    assertThat(snapshot(null).has("pods")).isFalse();
  }
}
