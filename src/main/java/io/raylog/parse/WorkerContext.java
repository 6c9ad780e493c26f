package io.raylog.parse;

import java.nio.charset.StandardCharsets;

/**
 * What Ray's worker markers said so far in one file: {@code :job_id:}, {@code :actor_name:} and
 * {@code :task_name:} lines set the job, actor and task of the lines after them, as Ray's log monitor does (an
 * actor marker clears the task). Saved with the file's checkpoint. Immutable; null fields are unknown.
 */
public record WorkerContext(String jobId, String actorName, String taskName) {
  public static final WorkerContext NONE = new WorkerContext(null, null, null);

  static final String JOB_MARKER = ":job_id:";
  static final String ACTOR_MARKER = ":actor_name:";
  static final String TASK_MARKER = ":task_name:";
  static final LinePattern MARKER = LinePattern.anyOf(
      LinePattern.startsWith(JOB_MARKER), LinePattern.startsWith(ACTOR_MARKER), LinePattern.startsWith(TASK_MARKER));

  public boolean isEmpty() {
    return jobId == null && actorName == null && taskName == null;
  }

  /** The context after a marker line, which {@link #MARKER} matched. */
  WorkerContext after(byte[] b, int from, int length) {
    if (startsWith(b, from, length, JOB_MARKER)) {
      return new WorkerContext(value(b, from, length, JOB_MARKER), actorName, taskName);
    }
    if (startsWith(b, from, length, ACTOR_MARKER)) {
      return new WorkerContext(jobId, value(b, from, length, ACTOR_MARKER), null);
    }
    return new WorkerContext(jobId, actorName, value(b, from, length, TASK_MARKER));
  }

  /** Adds the known parts to a record's fields, where the line itself did not set them. */
  void addTo(ParsedFields fields) {
    if (jobId != null) {
      fields.string(RayKey.JOB_ID, jobId);
    }
    if (actorName != null) {
      fields.string(RayKey.ACTOR_NAME, actorName);
    }
    if (taskName != null) {
      fields.string(RayKey.TASK_NAME, taskName);
    }
  }

  private static String value(byte[] b, int from, int length, String marker) {
    String value = new String(b, from + marker.length(), length - marker.length(), StandardCharsets.UTF_8).strip();
    return value.isEmpty() ? null : value;
  }

  private static boolean startsWith(byte[] b, int from, int length, String marker) {
    if (length < marker.length()) {
      return false;
    }
    for (int i = 0; i < marker.length(); i++) {
      if (b[from + i] != marker.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
