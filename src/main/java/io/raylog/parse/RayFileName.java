package io.raylog.parse;

/**
 * What a Ray log file's name says: the component that writes it and the ids the name carries. Absent ids are null
 * (or {@link #NO_PID}); the nil job id of a worker not yet bound to a job counts as absent. Immutable.
 */
public record RayFileName(String component, String workerId, String jobId, long pid, String submissionId) {
  public static final long NO_PID = -1;
  public static final RayFileName UNKNOWN = new RayFileName(RayFileNames.UNKNOWN, null, null, NO_PID, null);
}
