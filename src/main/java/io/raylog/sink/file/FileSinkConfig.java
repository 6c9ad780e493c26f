package io.raylog.sink.file;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.nio.file.Path;
import java.util.Map;

/**
 * NDJSON into a local file, rolled by size.
 *
 * @param maxFileBytes roll when the file would exceed this size; 0 never rolls
 * @param maxFiles how many rolled files to keep beside the active one
 * @param fsync whether a batch is fsynced before it is acknowledged
 */
public record FileSinkConfig(String name, Path path, long maxFileBytes, int maxFiles, Fsync fsync, RecordFilter filter, SinkConfig.Budget budget)
    implements SinkConfig {
  public FileSinkConfig(String name, Path path, long maxFileBytes, int maxFiles, Fsync fsync) {
    this(name, path, maxFileBytes, maxFiles, fsync, RecordFilter.ALL, SinkConfig.Budget.NONE);
  }

  @Override
  public Map<String, Path> filesWritten() {
    return path == null ? Map.of() : Map.of("path", path);
  }

  /** When the file sink forces its bytes to the disk. */
  public enum Fsync {
    /** Acknowledge once write(2) returned: survives a raylog crash, not a machine crash. */
    NEVER,
    /** fsync every batch before acknowledging it: survives a machine crash, costs throughput. */
    BATCH
  }
}
