package io.raylog.record;

import java.util.Map;

/**
 * Every field of a record that the network sinks and routing read, in one place, so that they follow the record's
 * model as it grows (severity and line time from parsing, pod metadata from Kubernetes discovery) by changing only
 * this class. Each method returns the value or null (an empty map for labels) when it is unknown. Stateless and
 * thread-safe.
 *
 * <p>Every field except the message, the times, the offset and {@link #severity} is the same for all records of one
 * {@link io.raylog.record.SourceFile} (the file under one name, with its pod): encoders cache what they derive from
 * those per source file.
 */
public final class RecordFields {
  private RecordFields() {}

  /**
   * A {@code ray} field of the record ({@code job_id}, {@code actor_name}, …): from the file's name when it gives
   * it, else as parsing found it in the line ({@link ParsedFieldReader}, no JSON parsed again); null when neither.
   */
  public static String rayField(LogRecord record, RayKey key) {
    String fromName = fromFileName(record.source.name(), key);
    return fromName != null ? fromName : ParsedFieldReader.rayField(record, key);
  }

  /**
   * Whether {@link #rayField} is {@code value} (whose UTF-8 is {@code valueUtf8}), read without making a string:
   * routing tests every record against its filter, and a string per test would be garbage per record.
   */
  public static boolean rayFieldEquals(LogRecord record, RayKey key, String value, byte[] valueUtf8) {
    String fromName = fromFileName(record.source.name(), key);
    return fromName != null ? fromName.equals(value) : ParsedFieldReader.rayFieldEquals(record, key, valueUtf8);
  }

  /** The fields a file's name gives: a worker's ids, a Serve replica's application, deployment and replica. */
  private static String fromFileName(RayFileName name, RayKey key) {
    RayFileName.ServeReplica serve = name.serve();
    return switch (key) {
      case WORKER_ID -> name.workerId();
      case JOB_ID -> name.jobId();
      case SUBMISSION_ID -> name.submissionId();
      case APPLICATION -> serve == null ? null : serve.application();
      case DEPLOYMENT -> serve == null ? null : serve.deployment();
      case REPLICA -> serve == null ? null : serve.replica();
      default -> null;
    };
  }

  /** Whether the message holds {@code needleUtf8}, searched in its UTF-8 bytes (no string made). */
  public static boolean messageContains(LogRecord record, byte[] needleUtf8) {
    return ByteScan.indexOf(record.text, record.messageFrom, record.messageFrom + record.messageLength,
        needleUtf8) >= 0;
  }

  /** The message as text (decoded once per record, shared by every sink that asks). */
  public static String message(LogRecord record) {
    return record.message();
  }

  /** The Ray component that wrote the file ({@code raylet}, {@code worker}, …), from its name. */
  public static String component(LogRecord record) {
    return record.source.component();
  }

  /** The message's length in UTF-8 bytes. */
  public static int messageLength(LogRecord record) {
    return record.messageUtf8Length();
  }

  /** Copies the message's UTF-8 bytes into {@code target} at {@code offset}. */
  public static void copyMessage(LogRecord record, byte[] target, int offset) {
    record.copyMessageUtf8(target, offset);
  }

  /** One of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, or null when the line states none. */
  public static String severity(LogRecord record) {
    return record.severity == null ? null : record.severity.name();
  }

  /** The time written in the line, in epoch milliseconds; the observed time when the line has none. */
  public static long timeMillis(LogRecord record) {
    return record.timeMillis == LogRecord.UNKNOWN_TIME ? record.observedMillis : record.timeMillis;
  }

  public static long observedMillis(LogRecord record) {
    return record.observedMillis;
  }

  public static String session(LogRecord record) {
    return record.source.session();
  }

  /** The file's path relative to the session's {@code logs/} folder. */
  public static String file(LogRecord record) {
    return record.source.relativePath();
  }

  /** The file's path as the Ray container sees it. */
  public static String path(LogRecord record) {
    return record.source.containerPath();
  }

  public static String namespace(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? null : pod.namespace();
  }

  public static String pod(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? null : pod.pod();
  }

  public static String podUid(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? null : pod.podUid();
  }

  public static String node(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? null : pod.node();
  }

  public static String container(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? null : pod.container();
  }

  /** The Ray cluster (the pod's {@code ray.io/cluster} label). */
  public static String rayCluster(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? null : pod.cluster();
  }

  /** {@code head} or {@code worker} (the pod's {@code ray.io/node-type} label). */
  public static String nodeType(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? null : pod.nodeType();
  }

  /** The pod's labels that the allowlist (discovery.kubernetes.labels) lets through. */
  public static Map<String, String> labels(LogRecord record) {
    PodMetadata pod = record.source.pod();
    return pod == null ? Map.of() : pod.labels();
  }
}
