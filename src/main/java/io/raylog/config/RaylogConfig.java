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
    Pipeline pipeline,
    Checkpoint checkpoint,
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
   * @param staticRoots the static mode; null when another mode is configured (none exists yet)
   */
  public record Discovery(StaticDiscovery staticRoots) {}

  /** @param roots distinct, absolute, at least one; they need not exist yet */
  public record StaticDiscovery(List<Path> roots, Duration scanInterval) {}

  public record Tail(
      long maxLineBytes,
      int readChunkBytes,
      Duration pollInterval,
      Duration partialLineTimeout,
      Duration deletedFileGrace,
      int maxOpenFiles) {}

  public record Parse(
      boolean enabled,
      ZoneId timezone,
      Duration multilineTimeout,
      int multilineMaxLines,
      long multilineMaxBytes,
      boolean dropTqdm) {}

  public record Pipeline(long memoryLimitBytes, Batch batch) {}

  public record Batch(int maxRecords, long maxBytes, Duration linger) {}

  public record Checkpoint(Duration interval) {}

  public record Server(boolean enabled, String address, int port) {}

  /** @param level one of {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, in lowercase */
  public record Logging(String level, LogFormat format) {}

  public enum LogFormat {
    TEXT,
    JSON
  }
}
