package io.raylog.record;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a record's {@code ray} object that a line can carry. Keys of structured lines (JSON, {@code key=value}
 * pairs) with these names go to {@code ray}; all other keys go to {@code attributes}.
 */
public enum RayKey {
  COMPONENT("component"),
  STREAM("stream"),
  PID("pid"),
  TID("tid"),
  SOURCE("source"),
  WORKER_ID("worker_id"),
  NODE_ID("node_id"),
  JOB_ID("job_id"),
  ACTOR_ID("actor_id"),
  ACTOR_NAME("actor_name"),
  TASK_ID("task_id"),
  TASK_NAME("task_name"),
  SUBMISSION_ID("submission_id"),
  APPLICATION("application"),
  DEPLOYMENT("deployment"),
  REPLICA("replica"),
  REQUEST_ID("request_id"),
  ROUTE("route"),
  ORIGIN("origin"),
  IP("ip");

  /**
   * The keys a line can name, by name. {@code component} is found by no name: only the {@code (component)} of a
   * console line sets it, for files whose name cannot say it.
   */
  public static final KeyTable<RayKey> TABLE = new KeyTable<>(named());

  public final String fieldName;
  /** {@code ,"name":}, ready to copy. */
  public final byte[] prefix;
  private final int bit = 1 << ordinal();

  RayKey(String fieldName) {
    this.fieldName = fieldName;
    this.prefix = (",\"" + fieldName + "\":").getBytes(StandardCharsets.US_ASCII);
  }

  /** This key in a mask of keys. */
  public int bit() {
    return bit;
  }

  /** The key named by the ASCII name in {@code b[from, from + length)} (see {@link #TABLE}), or null. */
  public static RayKey byName(byte[] b, int from, int length) {
    return TABLE.get(b, from, length);
  }

  private static Map<String, RayKey> named() {
    Map<String, RayKey> named = new HashMap<>();
    for (RayKey key : values()) {
      if (key != COMPONENT) {
        named.put(key.fieldName, key);
      }
    }
    return named;
  }
}
