package io.raylog.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.raylog.metrics.CheckpointMetrics;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.retention.RetentionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The retention section of /status: what was freed, what is held back and by which sink, what waits. */
class StatusSnapshotRetentionTest {
  private static JsonNode snapshot(RetentionStatus retention) {
    String json = StatusSnapshot.json(List.of(), new MemoryBudget(1 << 20, () -> {}),
        new CheckpointMetrics(new SimpleMeterRegistry()), List.of(), List.of(), OptionalSections.NONE.withRetention(retention));
    return JsonMapper.builder().build().readTree(json);
  }

  @Test
  void showsBytesFreedHeldBackBySinkAndTheDeletedPodsThatWait() {
    JsonNode section = snapshot(new RetentionStatus(5_000, 10_000, 0, 700, Map.of("s3", 700L), 3, 1_200,
        Map.of("rotated", 1_000L, "old", 200L), List.of("/var/log/ray/ml_w: 700 bytes not acknowledged by every sink"),
        1_500)).get("retention");

    assertThat(section.get("deleted_files").asLong()).isEqualTo(3);
    assertThat(section.get("deleted_bytes").asLong()).isEqualTo(1_200);
    assertThat(section.get("deleted_bytes_by_reason").get("rotated").asLong()).isEqualTo(1_000);
    assertThat(section.get("held_back_bytes").asLong()).isEqualTo(700);
    assertThat(section.get("held_back_by_sink").get("s3").asLong()).isEqualTo(700);
    assertThat(section.get("dead_pods_waiting").get(0).asString()).contains("ml_w");
    assertThat(section.get("max_bytes").asLong()).isEqualTo(10_000);
  }

  @Test
  void retentionOffHasNoSection() {
    assertThat(snapshot(null).has("retention")).isFalse();
  }
}
