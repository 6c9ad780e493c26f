package io.raylog.pipeline;

import io.raylog.parse.RayFileName;

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
  private final byte[] rayJson;
  private final byte[] logPathJson;

  public SourceFile(String session, String relativePath, RayFileName name, String containerPath) {
    this.session = session;
    this.relativePath = relativePath;
    this.component = name.component();
    this.containerPath = containerPath;
    JsonBytes ray = new JsonBytes(256);
    ray.raw("\"ray\":{\"component\":").string(component);
    ray.raw(",\"session\":").string(session);
    ray.raw(",\"file\":").string(relativePath);
    if (name.pid() != RayFileName.NO_PID) {
      ray.raw(",\"pid\":").number(name.pid());
    }
    if (name.workerId() != null) {
      ray.raw(",\"worker_id\":").string(name.workerId());
    }
    if (name.jobId() != null) {
      ray.raw(",\"job_id\":").string(name.jobId());
    }
    if (name.submissionId() != null) {
      ray.raw(",\"submission_id\":").string(name.submissionId());
    }
    ray.raw("}");
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

  /** {@code "ray":{…}} for this file, ready to copy into a record. */
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
