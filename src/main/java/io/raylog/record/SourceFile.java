package io.raylog.record;

import java.nio.file.Path;

/**
 * What is constant for every record of one file under one name: its Ray session, its path relative to the
 * session's {@code logs/} folder, what its name says (component, worker, job, pid, submission), and its path as the
 * Ray container sees it. A file renamed by
 * rotation gets a new instance; records keep the one they were read under. Immutable and thread-safe.
 *
 * <p>The JSON encoding of these fields is computed once here, not once per record.
 */
public final class SourceFile {
  private final String session;
  private final String relativePath;
  private final String component;
  private final String containerPath;
  private final RayFileName name;
  private final int rayKeys;
  private final byte[] rayJson;
  private final byte[] logPathJson;
  // Issue 4: the pod the file belongs to (null without Kubernetes metadata), and whether the file is a kubelet
  // container log in CRI format (RAY_LOG_TO_STDERR=1 pods) rather than a Ray log file.
  private final PodMetadata pod;
  private final boolean containerLog;
  // Issue 18: where the file is on the host and its identity there ("device:inode"), for the history sink, which
  // uploads the file itself byte for byte. Null when not known (tests, records raylog makes itself).
  private final Path hostPath;
  private final String hostFileId;
  // Issue 19: the per-file part of every record id (RecordId), from the session and the host identity, which a
  // rename keeps and a spool copy's header carries; null without an identity.
  private final long[] idKey;

  public SourceFile(String session, String relativePath, RayFileName name, String containerPath) {
    this(session, relativePath, name, containerPath, null, false);
  }

  /**
   * @param session empty for a container log, which belongs to no session
   * @param pod the pod's metadata, computed once per pod; null when there is none
   * @param containerLog whether the file is a kubelet container log (CRI format): every line names its component,
   *     so the file gives none
   */
  public SourceFile(String session, String relativePath, RayFileName name, String containerPath, PodMetadata pod,
      boolean containerLog) {
    this(session, relativePath, name, containerPath, pod, containerLog, null, null);
  }

  /**
   * @param hostPath the file's path on the host (where raylog reads it); null when unknown
   * @param hostFileId its identity on the host, {@code device:inode}; null when unknown
   */
  public SourceFile(String session, String relativePath, RayFileName name, String containerPath, PodMetadata pod,
      boolean containerLog, Path hostPath, String hostFileId) {
    this.hostPath = hostPath;
    this.hostFileId = hostFileId;
    this.idKey = hostFileId == null ? null : RecordId.fileKey(session, hostFileId);
    this.pod = pod;
    this.containerLog = containerLog;
    this.session = session;
    this.relativePath = relativePath;
    this.component = name.component();
    this.containerPath = containerPath;
    this.name = name;
    JsonBytes ray = new JsonBytes(256);
    int keys = 0;
    ray.raw("\"ray\":{");
    if (!containerLog) {
      ray.raw("\"component\":").string(component).raw(',');
      keys |= RayKey.COMPONENT.bit();
    }
    if (!session.isEmpty()) {
      ray.raw("\"session\":").string(session).raw(',');
    }
    ray.raw("\"file\":").string(relativePath);
    if (name.stream() != null && !containerLog) { // a container log's lines say their stream
      ray.raw(",\"stream\":").string(name.stream());
      keys |= RayKey.STREAM.bit();
    }
    if (name.restart() > 0) {
      ray.raw(",\"restart\":").number(name.restart());
    }
    if (name.rotation() > 0) {
      ray.raw(",\"rotation\":").number(name.rotation());
    }
    if (name.pid() != RayFileName.NO_PID) {
      ray.raw(",\"pid\":").number(name.pid());
      keys |= RayKey.PID.bit();
    }
    if (name.workerId() != null) {
      ray.raw(",\"worker_id\":").string(name.workerId());
      keys |= RayKey.WORKER_ID.bit();
    }
    if (name.jobId() != null) {
      ray.raw(",\"job_id\":").string(name.jobId());
      keys |= RayKey.JOB_ID.bit();
    }
    if (name.submissionId() != null) {
      ray.raw(",\"submission_id\":").string(name.submissionId());
      keys |= RayKey.SUBMISSION_ID.bit();
    }
    if (name.eventSource() != null) {
      ray.raw(",\"event_source\":").string(name.eventSource());
    }
    if (name.serve() != null) {
      ray.raw(",\"application\":").string(name.serve().application());
      ray.raw(",\"deployment\":").string(name.serve().deployment());
      ray.raw(",\"replica\":").string(name.serve().replica());
      keys |= RayKey.APPLICATION.bit() | RayKey.DEPLOYMENT.bit() | RayKey.REPLICA.bit();
    }
    if (pod != null) {
      ray.raw(pod.rayFieldsJson());
    }
    this.rayKeys = keys;
    this.rayJson = ray.toByteArray();
    JsonBytes log = new JsonBytes(256);
    log.raw("\"log\":{\"path\":").string(containerPath);
    this.logPathJson = log.toByteArray();
  }

  public String session() {
    return session;
  }

  public String relativePath() {
    return relativePath;
  }

  public String component() {
    return component;
  }

  public String containerPath() {
    return containerPath;
  }

  /** The pod the file belongs to; null without Kubernetes metadata. */
  public PodMetadata pod() {
    return pod;
  }

  /** The file's path on the host, where raylog reads it; null when unknown. */
  public Path hostPath() {
    return hostPath;
  }

  /** The file's identity on the host, {@code device:inode}; null when unknown. */
  public String hostFileId() {
    return hostFileId;
  }

  /** {@link RecordId}'s per-file key; null when the file's identity is unknown. */
  long[] idKey() {
    return idKey;
  }

  /** Whether the file is a kubelet container log (CRI format), not a Ray log file. */
  public boolean containerLog() {
    return containerLog;
  }

  /** {@code "k8s":{…}} for this file, or null when it has no pod. */
  byte[] k8sJson() {
    return pod == null ? null : pod.k8sJson();
  }

  /** What the file's name says (for a container log, whose name says nothing about Ray: {@link RayFileName#UNKNOWN}). */
  public RayFileName name() {
    return name;
  }

  /** The {@link RayKey}s this file's name gives, as a mask of {@link RayKey#bit()}s: a line does not repeat them. */
  public int rayKeys() {
    return rayKeys;
  }

  /** {@code "ray":{…} without its closing brace, so that the record's own fields can follow; ready to copy. */
  byte[] rayJson() {
    return rayJson;
  }

  /** {@code "log":{"path":"…"} without its closing brace, so that the offset can follow. */
  byte[] logPathJson() {
    return logPathJson;
  }

  @Override
  public String toString() {
    return session + "/logs/" + relativePath;
  }
}
