package io.raylog.route;

import io.raylog.record.LogRecord;
import io.raylog.record.RayKey;
import io.raylog.record.RecordFields;
import java.util.Locale;
import java.util.function.Function;

/**
 * A record field a filter can test, as {@link RecordFields} reads it. A table, so adding one is one line. The
 * {@code ray} fields name their {@link RayKey}, so that a test of one compares bytes in place of making a string.
 */
enum FilterField {
  SEVERITY("severity", RecordFields::severity),
  COMPONENT("component", RecordFields::component),
  NAMESPACE("namespace", RecordFields::namespace),
  RAY_CLUSTER("ray_cluster", RecordFields::rayCluster),
  NODE_TYPE("node_type", RecordFields::nodeType),
  POD("pod", RecordFields::pod),
  CONTAINER("container", RecordFields::container),
  NODE("node", RecordFields::node),
  SESSION("session", RecordFields::session),
  FILE("file", RecordFields::file),
  JOB_ID("job_id", RayKey.JOB_ID),
  SUBMISSION_ID("submission_id", RayKey.SUBMISSION_ID),
  WORKER_ID("worker_id", RayKey.WORKER_ID),
  NODE_ID("node_id", RayKey.NODE_ID),
  ACTOR_ID("actor_id", RayKey.ACTOR_ID),
  ACTOR_NAME("actor_name", RayKey.ACTOR_NAME),
  TASK_ID("task_id", RayKey.TASK_ID),
  TASK_NAME("task_name", RayKey.TASK_NAME),
  REQUEST_ID("request_id", RayKey.REQUEST_ID),
  APPLICATION("application", RayKey.APPLICATION),
  DEPLOYMENT("deployment", RayKey.DEPLOYMENT),
  REPLICA("replica", RayKey.REPLICA),
  MESSAGE("message", RecordFields::message);

  static final String LABEL_PREFIX = "labels.";

  final String key;
  final Function<LogRecord, String> read;
  /** The {@code ray} field this is; null for the others. */
  final RayKey rayKey;

  FilterField(String key, Function<LogRecord, String> read) {
    this.key = key;
    this.read = read;
    this.rayKey = null;
  }

  FilterField(String key, RayKey rayKey) {
    this.key = key;
    this.read = record -> RecordFields.rayField(record, rayKey);
    this.rayKey = rayKey;
  }

  static FilterField named(String name) {
    for (FilterField field : values()) {
      if (field.key.equals(name.toLowerCase(Locale.ROOT))) {
        return field;
      }
    }
    return null;
  }

  static String known() {
    StringBuilder names = new StringBuilder();
    for (FilterField field : values()) {
      names.append(field.key).append(", ");
    }
    return names.append(LABEL_PREFIX).append("<key>").toString();
  }
}
