package io.raylog.status;

import io.raylog.config.SinkConfig;
import io.raylog.discovery.PodStatus;
import io.raylog.metrics.CheckpointMetrics;
import io.raylog.metrics.SinkMetrics;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.retention.RetentionStatus;
import io.raylog.tail.FileStatus;
import io.raylog.tail.spool.SpoolUsage;
import java.lang.management.ManagementFactory;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /status} JSON, built per request. Top-level sections are objects or arrays of objects with snake_case
 * keys; the status page ({@link StatusPage}) renders sections and keys it does not know generically, so a new
 * section (pods, more sink kinds) shows up without a page change. Sizes are bytes, ages milliseconds.
 */
public final class StatusSnapshot {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StatusSnapshot() {}

  /** @param optional the sections only some runs have (pods, spool, retention); a null one is left out */
  public static String json(List<FileStatus> files, MemoryBudget budget, CheckpointMetrics checkpoints,
      List<SinkConfig> sinks, List<SinkMetrics> sinkMetrics, OptionalSections optional) {
    List<PodStatus> pods = optional.pods();
    SpoolUsage spool = optional.spool();
    RetentionStatus retention = optional.retention();
    ObjectNode root = JSON.createObjectNode();
    root.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
    if (pods != null) {
      podsSection(root, pods);
    }
    ObjectNode pipeline = root.putObject("pipeline");
    pipeline.put("memory_bytes", budget.usedBytes());
    pipeline.put("memory_limit_bytes", budget.limitBytes());
    pipeline.put("reading_paused", budget.paused());
    if (spool != null) {
      ObjectNode spoolNode = root.putObject("spool");
      spoolNode.put("bytes", spool.bytes());
      spoolNode.put("max_bytes", spool.maxBytes());
      spoolNode.put("files", spool.files());
      spoolNode.put("oldest_age_ms",
          spool.oldestCreatedMillis() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - spool.oldestCreatedMillis()));
    }
    ObjectNode checkpoint = root.putObject("checkpoint");
    checkpoint.put("age_ms", checkpoints.ageMillis());
    checkpoint.put("writes", checkpoints.writes());
    checkpoint.put("failures", checkpoints.failures());
    ArrayNode sinkArray = root.putArray("sinks");
    for (int i = 0; i < sinks.size(); i++) {
      SinkMetrics metrics = sinkMetrics.get(i);
      ObjectNode sink = sinkArray.addObject();
      sink.put("name", sinks.get(i).name());
      sink.put("type", metrics.type());
      sink.put("health", metrics.broken() ? "broken" : metrics.consecutiveFailures() == 0 ? "ok" : "failing");
      sink.put("records_sent", metrics.recordsSent());
      sink.put("bytes_sent", metrics.bytesSent());
      sink.put("batches_in_flight", metrics.batchesInFlight());
      sink.put("failures", metrics.failures());
      sink.put("consecutive_failures", metrics.consecutiveFailures());
      String error = metrics.lastError();
      if (error != null) {
        sink.put("last_error", error);
      }
    }
    if (retention != null) {
      retentionSection(root, retention);
    }
    if (optional.configReload() != null) {
      root.set("config_reload", JSON.valueToTree(optional.configReload()));
    }
    ObjectNode summary = root.putObject("files_summary");
    summary.put("followed", files.size());
    summary.put("released", files.stream().filter(FileStatus::released).count());
    summary.put("deleted", files.stream().filter(FileStatus::deleted).count());
    summary.put("spooled", files.stream().filter(FileStatus::spooled).count());
    ArrayNode fileArray = root.putArray("files");
    for (FileStatus file : files) {
      ObjectNode entry = fileArray.addObject();
      entry.put("path", file.path());
      entry.put("component", file.component());
      entry.put("size", file.size());
      entry.put("read_offset", file.readOffset());
      entry.put("committed_offset", file.committedOffset());
      entry.put("lag_bytes", file.lagBytes());
      entry.put("state", file.spooled() ? "spooled" : file.deleted() ? "deleted" : file.released() ? "released"
          : "following");
      if (file.spooled()) {
        entry.put("spool_file", file.spoolCopy());
      }
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  /** What retention freed, what it holds back and for which sink, and the deleted pods' directories that wait. */
  private static void retentionSection(ObjectNode root, RetentionStatus retention) {
    ObjectNode section = root.putObject("retention");
    section.put("kept_bytes", retention.keptBytes());
    section.put("max_bytes", retention.maxBytes());
    section.put("over_cap_bytes", retention.overCapBytes());
    section.put("deleted_files", retention.deletedFiles());
    section.put("deleted_bytes", retention.deletedBytes());
    ObjectNode byReason = section.putObject("deleted_bytes_by_reason");
    retention.deletedBytesByReason().forEach(byReason::put);
    section.put("held_back_bytes", retention.heldBackBytes());
    ObjectNode bySink = section.putObject("held_back_by_sink");
    retention.heldBackBySink().forEach(bySink::put);
    if (!retention.deadPods().isEmpty()) {
      putTexts(section, "dead_pods_waiting", retention.deadPods());
    }
    section.put("last_run_ago_ms", retention.lastRunAgoMillis());
  }

  /** Each Ray pod: the directories followed, or why its logs cannot be read and the fix. */
  private static void podsSection(ObjectNode root, List<PodStatus> pods) {
    ArrayNode podArray = root.putArray("pods");
    for (PodStatus pod : pods) {
      ObjectNode entry = podArray.addObject();
      entry.put("namespace", pod.namespace());
      entry.put("name", pod.name());
      putTexts(entry, "directories", pod.directories());
      if (!pod.problems().isEmpty()) {
        putTexts(entry, "problems", pod.problems());
      }
    }
  }

  private static void putTexts(ObjectNode node, String key, List<String> texts) {
    ArrayNode array = node.putArray(key);
    texts.forEach(array::add);
  }
}
