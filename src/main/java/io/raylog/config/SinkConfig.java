package io.raylog.config;

import java.nio.file.Path;

/** One entry of {@code sinks:}. A closed set: each sink type has its own record. */
public sealed interface SinkConfig permits SinkConfig.Stdout, SinkConfig.File {

  /** The unique name of the sink, used in metrics, logs and checkpoints. */
  String name();

  record Stdout(String name) implements SinkConfig {}

  /**
   * NDJSON into a local file, rolled by size.
   *
   * @param maxFileBytes roll when the file would exceed this size; 0 never rolls
   * @param maxFiles how many rolled files to keep beside the active one
   * @param fsync whether a batch is fsynced before it is acknowledged
   */
  record File(String name, Path path, long maxFileBytes, int maxFiles, Fsync fsync) implements SinkConfig {}

  /** When the file sink forces its bytes to the disk. */
  enum Fsync {
    /** Acknowledge once write(2) returned: survives a raylog crash, not a machine crash. */
    NEVER,
    /** fsync every batch before acknowledging it: survives a machine crash, costs throughput. */
    BATCH
  }
}
