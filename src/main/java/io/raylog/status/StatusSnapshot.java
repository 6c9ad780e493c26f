package io.raylog.status;

import io.raylog.config.SinkConfig;
import io.raylog.metrics.CheckpointMetrics;
import io.raylog.metrics.SinkMetrics;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.tail.FileStatus;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code /status} JSON: files, sinks, memory and checkpoint age, built per request. */
public final class StatusSnapshot {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StatusSnapshot() {}

  public static String json(List<FileStatus> files, MemoryBudget budget, CheckpointMetrics checkpoints,
      List<SinkConfig> sinks, List<SinkMetrics> sinkMetrics) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode pipeline = root.putObject("pipeline");
    pipeline.put("memory_bytes", budget.usedBytes());
    pipeline.put("memory_limit_bytes", budget.limitBytes());
    pipeline.put("reading_paused", budget.paused());
    root.put("checkpoint_age_ms", checkpoints.ageMillis());
    ArrayNode sinkArray = root.putArray("sinks");
    for (int i = 0; i < sinks.size(); i++) {
      ObjectNode sink = sinkArray.addObject();
      sink.put("name", sinks.get(i).name());
      sink.put("in_flight_batches", sinkMetrics.get(i).inFlightBatches());
      String error = sinkMetrics.get(i).lastError();
      if (error != null) {
        sink.put("last_error", error);
      }
    }
    ArrayNode fileArray = root.putArray("files");
    for (FileStatus file : files) {
      ObjectNode entry = fileArray.addObject();
      entry.put("path", file.path());
      entry.put("component", file.component());
      entry.put("size", file.size());
      entry.put("read_offset", file.readOffset());
      entry.put("committed_offset", file.committedOffset());
      entry.put("lag_bytes", file.lagBytes());
      entry.put("state", file.deleted() ? "deleted" : "following");
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}
