package io.raylog.route;

import io.raylog.record.LogRecord;
import io.raylog.record.RayKey;
import io.raylog.record.RecordFields;
import java.util.Locale;
import java.util.function.Function;

/** A record field a filter can test, as {@link RecordFields} reads it. A table, so adding one is one line. */
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
  JOB_ID("job_id", record -> RecordFields.rayField(record, RayKey.JOB_ID)),
  SUBMISSION_ID("submission_id", record -> RecordFields.rayField(record, RayKey.SUBMISSION_ID)),
  WORKER_ID("worker_id", record -> RecordFields.rayField(record, RayKey.WORKER_ID)),
  NODE_ID("node_id", record -> RecordFields.rayField(record, RayKey.NODE_ID)),
  ACTOR_ID("actor_id", record -> RecordFields.rayField(record, RayKey.ACTOR_ID)),
  ACTOR_NAME("actor_name", record -> RecordFields.rayField(record, RayKey.ACTOR_NAME)),
  TASK_ID("task_id", record -> RecordFields.rayField(record, RayKey.TASK_ID)),
  TASK_NAME("task_name", record -> RecordFields.rayField(record, RayKey.TASK_NAME));

  static final String LABEL_PREFIX = "labels.";

  final String key;
  final Function<LogRecord, String> read;

  FilterField(String key, Function<LogRecord, String> read) {
    this.key = key;
    this.read = read;
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
