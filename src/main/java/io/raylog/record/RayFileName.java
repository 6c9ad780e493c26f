package io.raylog.record;

/**
 * What a Ray log file's name says: the component that writes it and the ids the name carries. Absent ids are null
 * (or {@link #NONE} for numbers); the nil job id of a worker not yet bound to a job counts as absent. Immutable.
 *
 * @param stream {@code out}, {@code err} or {@code log} after the name's extension; null for other extensions
 * @param restart the index Ray adds when a component restarts within a session ({@code raylet.1.out} is 1); 0 for
 *     the first run
 * @param rotation the index of a rotated-away copy ({@code raylet.out.1}, or {@code x_12.1.log} in Ray ≤ 2.40); 0
 *     for the live file
 * @param eventSource the source of an event file ({@code GCS}, {@code CORE_WORKER}, {@code EXPORT_TASK}, …)
 * @param serve a Serve replica's application, deployment and replica id; null for other files
 */
public record RayFileName(
    String component,
    String workerId,
    String jobId,
    long pid,
    String submissionId,
    String stream,
    int restart,
    int rotation,
    String eventSource,
    ServeReplica serve) {
  public static final long NO_PID = -1;
  /** The component of a file whose name says nothing raylog knows. */
  public static final String UNKNOWN_COMPONENT = "unknown";
  public static final RayFileName UNKNOWN = of(UNKNOWN_COMPONENT);

  /** A Serve replica's identity, from {@code serve/replica_<application>_<deployment>_<replica>.log}. */
  public record ServeReplica(String application, String deployment, String replica) {}

  /** A name that says nothing but its component. */
  public static RayFileName of(String component) {
    return new RayFileName(component, null, null, NO_PID, null, null, 0, 0, null, null);
  }
}
