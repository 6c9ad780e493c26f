package io.raylog.tail;

import io.raylog.parse.ParseSettings;
import io.raylog.config.RaylogConfig;

/** The tail stage's settings, in the units the code uses. Immutable. */
public record TailSettings(
    int maxLineBytes,
    int readChunkBytes,
    long pollIntervalNanos,
    long partialLineTimeoutNanos,
    long deletedFileGraceNanos,
    int maxOpenFiles,
    long scanIntervalNanos,
    boolean readNewFilesFromEndOnFirstStart,
    ParseSettings parse,
    long closeInactiveNanos) {

  /** The default {@code tail.close_inactive}. */
  static final long DEFAULT_CLOSE_INACTIVE_NANOS = java.time.Duration.ofMinutes(5).toNanos();

  public TailSettings(int maxLineBytes, int readChunkBytes, long pollIntervalNanos, long partialLineTimeoutNanos,
      long deletedFileGraceNanos, int maxOpenFiles, long scanIntervalNanos, boolean readNewFilesFromEndOnFirstStart,
      ParseSettings parse) {
    this(maxLineBytes, readChunkBytes, pollIntervalNanos, partialLineTimeoutNanos, deletedFileGraceNanos, maxOpenFiles,
        scanIntervalNanos, readNewFilesFromEndOnFirstStart, parse, DEFAULT_CLOSE_INACTIVE_NANOS);
  }

  /** The same settings with another cap on descriptors. */
  public TailSettings withMaxOpenFiles(int allowed) {
    return new TailSettings(maxLineBytes, readChunkBytes, pollIntervalNanos, partialLineTimeoutNanos,
        deletedFileGraceNanos, allowed, scanIntervalNanos, readNewFilesFromEndOnFirstStart, parse, closeInactiveNanos);
  }

  private static java.time.Duration scanInterval(RaylogConfig.Discovery discovery) {
    return discovery.staticRoots() != null ? discovery.staticRoots().scanInterval() : discovery.kubernetes().scanInterval();
  }

  public static TailSettings from(RaylogConfig config) {
    RaylogConfig.Tail tail = config.tail();
    return new TailSettings(
        (int) Math.min(Integer.MAX_VALUE - 16, tail.maxLineBytes()),
        tail.readChunkBytes(),
        tail.pollInterval().toNanos(),
        tail.partialLineTimeout().toNanos(),
        tail.deletedFileGrace().toNanos(),
        tail.maxOpenFiles(),
        scanInterval(config.discovery()).toNanos(),
        config.readFrom() == RaylogConfig.ReadFrom.END,
        parseSettings(config.parse()),
        tail.closeInactive().toNanos());
  }

  private static ParseSettings parseSettings(RaylogConfig.Parse parse) {
    return new ParseSettings(parse.enabled(), parse.timezone(), parse.multilineTimeout().toNanos(),
        parse.multilineMaxLines(), (int) Math.min(Integer.MAX_VALUE - 16, parse.multilineMaxBytes()),
        parse.dropTqdm());
  }
}
