package io.raylog.pipeline;

import io.raylog.parse.LineFormat;
import io.raylog.parse.RayFileName;
import io.raylog.parse.RayKey;

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
  private final LineFormat format;
  private final int rayKeys;
  private final byte[] rayJson;
  private final byte[] logPathJson;

  public SourceFile(String session, String relativePath, RayFileName name, String containerPath) {
    this(session, relativePath, name, containerPath, LineFormat.of(name));
  }

  /**
   * @param format how the lines are laid out; with {@link LineFormat#CONSOLE} every line names its component, so
   *     the file gives none
   */
  public SourceFile(String session, String relativePath, RayFileName name, String containerPath, LineFormat format) {
    this.session = session;
    this.relativePath = relativePath;
    this.component = name.component();
    this.containerPath = containerPath;
    this.format = format;
    JsonBytes ray = new JsonBytes(256);
    int keys = 0;
    ray.raw("\"ray\":{");
    if (format != LineFormat.CONSOLE) {
      ray.raw("\"component\":").string(component).raw(',');
      keys |= RayKey.COMPONENT.bit();
    }
    ray.raw("\"session\":").string(session);
    ray.raw(",\"file\":").string(relativePath);
    if (name.stream() != null) {
      ray.raw(",\"stream\":").string(name.stream());
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

  /** How this file's lines are laid out. */
  public LineFormat format() {
    return format;
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
