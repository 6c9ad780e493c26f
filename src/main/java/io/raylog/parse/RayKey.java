package io.raylog.parse;

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

  private static final Map<String, RayKey> BY_NAME = new HashMap<>();
  private static final RayKey[] VALUES = values();

  static {
    for (RayKey key : values()) {
      BY_NAME.put(key.fieldName, key);
    }
  }

  public final String fieldName;
  /** {@code ,"name":}, ready to copy. */
  final byte[] prefix;
  private final int bit = 1 << ordinal();

  RayKey(String fieldName) {
    this.fieldName = fieldName;
    this.prefix = (",\"" + fieldName + "\":").getBytes(StandardCharsets.US_ASCII);
  }

  /** This key in a mask of keys. */
  public int bit() {
    return bit;
  }

  /**
   * The key of that name, or null. {@code component} is found by no name: only the {@code (component)} of a
   * console line sets it, for files whose name cannot say it.
   */
  static RayKey byName(String name) {
    RayKey key = BY_NAME.get(name);
    return key == COMPONENT ? null : key;
  }

  /** {@link #byName(String)} for an ASCII name in {@code b[from, from + length)}, without making a string of it. */
  static RayKey byName(byte[] b, int from, int length) {
    for (RayKey key : VALUES) {
      // prefix is ,"name": so the name is at 2 and is prefix.length - 4 long
      if (key != COMPONENT && key.prefix.length - 4 == length
          && java.util.Arrays.equals(b, from, from + length, key.prefix, 2, 2 + length)) {
        return key;
      }
    }
    return null;
  }
}
