package io.raylog.sink.loki;

import io.raylog.record.LogRecord;
import io.raylog.record.RayKey;
import io.raylog.record.RecordFields;
import java.util.Map;
import java.util.function.Function;

/** The record fields Loki can take as stream labels or structured metadata, by the name they get there. */
final class LokiFields {
  static final Map<String, Function<LogRecord, String>> BY_NAME = Map.ofEntries(
      Map.entry("namespace", RecordFields::namespace),
      Map.entry("ray_cluster", RecordFields::rayCluster),
      Map.entry("node_type", RecordFields::nodeType),
      Map.entry("component", RecordFields::component),
      Map.entry("node", RecordFields::node),
      Map.entry("pod", RecordFields::pod),
      Map.entry("pod_uid", RecordFields::podUid),
      Map.entry("container", RecordFields::container),
      Map.entry("session", RecordFields::session),
      Map.entry("severity", RecordFields::severity),
      Map.entry("file", RecordFields::file),
      ray("job_id", RayKey.JOB_ID),
      ray("submission_id", RayKey.SUBMISSION_ID),
      ray("worker_id", RayKey.WORKER_ID),
      ray("node_id", RayKey.NODE_ID),
      ray("actor_id", RayKey.ACTOR_ID),
      ray("actor_name", RayKey.ACTOR_NAME),
      ray("task_id", RayKey.TASK_ID),
      ray("task_name", RayKey.TASK_NAME),
      ray("request_id", RayKey.REQUEST_ID),
      ray("application", RayKey.APPLICATION),
      ray("deployment", RayKey.DEPLOYMENT),
      ray("replica", RayKey.REPLICA));

  private LokiFields() {}

  /** A {@code ray} field: from the file's name or the parsed line, per record (not per source file). */
  private static Map.Entry<String, Function<LogRecord, String>> ray(String name, RayKey key) {
    return Map.entry(name, record -> RecordFields.rayField(record, key));
  }

  static Function<LogRecord, String> reader(String name) {
    Function<LogRecord, String> reader = BY_NAME.get(name);
    if (reader == null) {
      throw new IllegalArgumentException("not a Loki field: " + name);
    }
    return reader;
  }
}
