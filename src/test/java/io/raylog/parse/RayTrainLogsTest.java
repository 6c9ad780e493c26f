package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Ray Train (v2) writes each controller's and worker's logs to {@code logs/train/ray-train-<app|sys>-<controller|
 * worker>-<worker id>.log} with Ray's JSON formatter ({@code ray.train.v2._internal.logging}): classified, with the
 * worker id of the name, and parsed as structured lines.
 */
class RayTrainLogsTest {
  private static final String WORKER_ID = "8c5a0f3e2b1d4c6a9e7f00112233445566778899aabbccddeeff0011";

  @Test
  void aTrainWorkersJsonLinesAreParsed() {
    // The shape of Ray's JSONFormatter output with the core and train context filters.
    List<JsonNode> records = Assembled.records("train/ray-train-app-worker-" + WORKER_ID + ".log",
        "{\"asctime\": \"2026-11-25 10:00:00,123\", \"levelname\": \"WARNING\", \"message\": \"epoch 3 loss=0.25\","
            + " \"filename\": \"train_loop.py\", \"lineno\": 42, \"job_id\": \"02000000\", \"worker_id\": \""
            + WORKER_ID + "\", \"node_id\": \"a1b2\", \"world_rank\": 1, \"run_name\": \"fit\"}\n");
    assertThat(records).hasSize(1);
    JsonNode record = records.get(0);
    assertThat(record.at("/ray/component").asString()).isEqualTo("ray_train");
    assertThat(record.at("/ray/worker_id").asString()).isEqualTo(WORKER_ID);
    assertThat(record.at("/ray/job_id").asString()).isEqualTo("02000000");
    assertThat(record.get("severity").asString()).isEqualTo("WARN");
    assertThat(record.get("message").asString()).isEqualTo("epoch 3 loss=0.25");
    assertThat(record.get("time").asString()).isEqualTo("2026-11-25T10:00:00.123Z");
    assertThat(record.at("/attributes/world_rank").asInt()).isEqualTo(1);
  }
}
