package io.raylog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The validated configuration. Built only by {@link ConfigLoader}; every value here has passed validation, so the
 * rest of raylog never checks configuration again. Immutable and thread-safe.
 *
 * <p>Sizes are in bytes, durations are {@link Duration}s, and every path is absolute (relative paths in the file are
 * resolved against the working directory when loading). {@code docs/configuration.md} describes every key.
 */
public record RaylogConfig(
    Discovery discovery,
    Path stateDir,
    ReadFrom readFrom,
    Tail tail,
    Parse parse,
    Redact redact,
    Pipeline pipeline,
    Checkpoint checkpoint,
    Spool spool,
    Retention retention,
    Duration shutdownTimeout,
    List<SinkConfig> sinks,
    Server server,
    Logging log) {

  /** Where tailing starts in a file that has no checkpoint, on the very first start (no checkpoint store yet). */
  public enum ReadFrom {
    BEGINNING,
    END
  }

  /**
   * Exactly one discovery mode is set. Static roots are Ray temp dirs, each holding {@code session_*} folders.
   *
   * @param staticRoots the static mode; null when another mode is configured
   * @param kubernetes the Kubernetes mode; null when another mode is configured
   */
  public record Discovery(StaticDiscovery staticRoots, KubernetesDiscovery kubernetes) {
    public Discovery(StaticDiscovery staticRoots) {
      this(staticRoots, null);
    }
  }

  /**
   * Pods on {@code nodeName}, their Ray temp dirs located on the host.
   *
   * @param hostRoot the prefix under which raylog sees the host's filesystem; empty for none
   * @param labelSelector empty for every pod
   * @param labels label keys (or prefixes ending in {@code *}) copied into records
   * @param annotations annotation keys (or prefixes ending in {@code *}) copied into records
   */
  public record KubernetesDiscovery(String nodeName, Path kubeletRoot, Path podLogsRoot, String hostRoot,
      String labelSelector, List<String> labels, List<String> annotations, Duration scanInterval) {}

  /** @param roots distinct, absolute, at least one; they need not exist yet */
  public record StaticDiscovery(List<Path> roots, Duration scanInterval) {}

  public record Tail(
      long maxLineBytes,
      int readChunkBytes,
      Duration pollInterval,
      Duration partialLineTimeout,
      Duration deletedFileGrace,
      int maxOpenFiles,
      Duration closeInactive) {}

  public record Parse(
      boolean enabled,
      ZoneId timezone,
      Duration multilineTimeout,
      int multilineMaxLines,
      long multilineMaxBytes,
      boolean dropTqdm) {}

  /**
   * Secrets replaced by markers before any sink sees a record: the built-in rules less {@code disable}, then
   * {@code rules}, in that order; nothing when not {@code enabled}.
   *
   * @param disable names of built-in rules ({@code io.raylog.redact.BuiltinRules}) that do not run
   * @param rules the user's rules, compiled and checked
   */
  public record Redact(boolean enabled, List<String> disable, List<io.raylog.redact.RedactRule> rules) {
    public static final Redact DEFAULT = new Redact(true, List.of(), List.of());
  }

  public record Pipeline(long memoryLimitBytes, Batch batch) {}

  public record Batch(int maxRecords, long maxBytes, Duration linger) {}

  public record Checkpoint(Duration interval) {}

  /** @param maxBytes the disk budget of copies of deleted files not yet acknowledged; 0 turns spooling off */
  public record Spool(long maxBytes) {}
  /**
   * Deletion of Ray log files every sink acknowledged (issue 16); nothing is deleted unless {@code enabled}.
   *
   * @param maxBytes a cap on the Ray log bytes kept on the node; 0 for none
   */
  public record Retention(boolean enabled, boolean rotatedFiles, Duration minAge, Duration deadPodGrace, long maxBytes,
      Duration interval) {
    public static final Retention OFF =
        new Retention(false, true, Duration.ZERO, Duration.ofMinutes(10), 0, Duration.ofSeconds(30));
  }

  public record Server(boolean enabled, String address, int port) {}

  /** @param level one of {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, in lowercase */
  public record Logging(String level, LogFormat format) {}

  public enum LogFormat {
    TEXT,
    JSON
  }
}
