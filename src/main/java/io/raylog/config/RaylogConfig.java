package io.raylog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The validated configuration. Built only by {@link ConfigLoader}; every value here has passed validation, so the
 * rest of raylog never checks configuration again. Immutable and thread-safe.
 */
public record RaylogConfig(
    Discovery discovery,
    Path stateDir,
    ReadFrom readFrom,
    Tail tail,
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

  /** Exactly one discovery mode is set. Static roots are Ray temp dirs, each holding {@code session_*} folders. */
  public record Discovery(StaticDiscovery staticRoots) {}

  public record StaticDiscovery(List<Path> roots, Duration scanInterval) {}

  public record Tail(
      long maxLineBytes,
      int readChunkBytes,
      Duration pollInterval,
      Duration partialLineTimeout,
      Duration deletedFileGrace,
      int maxOpenFiles) {}

  public record Pipeline(long memoryLimitBytes, Batch batch) {}

  public record Batch(int maxRecords, long maxBytes, Duration linger) {}

  public record Checkpoint(Duration interval) {}

  public record Server(boolean enabled, String address, int port) {}

  public record Logging(String level, LogFormat format) {}

  public enum LogFormat {
    TEXT,
    JSON
  }
}
