package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;
import java.nio.charset.StandardCharsets;

/**
 * What Ray's worker markers said so far in one file: {@code :job_id:}, {@code :actor_name:} and
 * {@code :task_name:} lines set the job, actor and task of the lines after them, as Ray's log monitor does (an
 * actor marker clears the task). Saved with the file's checkpoint. Immutable; null fields are unknown.
 */
public record WorkerContext(String jobId, String actorName, String taskName) {
  public static final WorkerContext NONE = new WorkerContext(null, null, null);

  private static final byte[] JOB_MARKER = AsciiBytes.of(":job_id:");
  private static final byte[] ACTOR_MARKER = AsciiBytes.of(":actor_name:");
  private static final byte[] TASK_MARKER = AsciiBytes.of(":task_name:");
  static final LinePattern MARKER = LinePattern.anyOf(
      LinePattern.startsWith(JOB_MARKER), LinePattern.startsWith(ACTOR_MARKER), LinePattern.startsWith(TASK_MARKER));

  public boolean isEmpty() {
    return jobId == null && actorName == null && taskName == null;
  }

  /** The context after a marker line, which {@link #MARKER} matched. */
  WorkerContext after(byte[] b, int from, int length) {
    if (AsciiBytes.startsWith(b, from, from + length, JOB_MARKER)) {
      return new WorkerContext(value(b, from, length, JOB_MARKER), actorName, taskName);
    }
    if (AsciiBytes.startsWith(b, from, from + length, ACTOR_MARKER)) {
      return new WorkerContext(jobId, value(b, from, length, ACTOR_MARKER), null);
    }
    return new WorkerContext(jobId, actorName, value(b, from, length, TASK_MARKER));
  }

  /** The known parts as JSON strings, encoded once for every line after a marker; null for the unknown ones. */
  Encoded encoded() {
    return new Encoded(json(jobId), json(actorName), json(taskName));
  }

  /** The parts of a context as JSON strings with their quotes. */
  record Encoded(byte[] jobId, byte[] actorName, byte[] taskName) {
    /** The bytes {@link #addTo} may write, keys and all. */
    int bytes() {
      return 64 + length(jobId) + length(actorName) + length(taskName);
    }

    private static int length(byte[] json) {
      return json == null ? 0 : json.length;
    }

    /** Adds the known parts to a record's fields, where the line itself did not set them. */
    void addTo(ParsedFields fields) {
      if (jobId != null) {
        fields.rawJson(RayKey.JOB_ID, jobId);
      }
      if (actorName != null) {
        fields.rawJson(RayKey.ACTOR_NAME, actorName);
      }
      if (taskName != null) {
        fields.rawJson(RayKey.TASK_NAME, taskName);
      }
    }
  }

  private static byte[] json(String value) {
    if (value == null) {
      return null;
    }
    io.raylog.record.JsonBytes out = new io.raylog.record.JsonBytes(value.length() + 8);
    out.string(value);
    return out.toByteArray();
  }

  private static String value(byte[] b, int from, int length, byte[] marker) {
    String value = new String(b, from + marker.length, length - marker.length, StandardCharsets.UTF_8).strip();
    return value.isEmpty() ? null : value;
  }
}
