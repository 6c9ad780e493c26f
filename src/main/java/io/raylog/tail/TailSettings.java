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
    ParseSettings parse) {

  public static TailSettings from(RaylogConfig config) {
    RaylogConfig.Tail tail = config.tail();
    return new TailSettings(
        (int) Math.min(Integer.MAX_VALUE - 16, tail.maxLineBytes()),
        tail.readChunkBytes(),
        tail.pollInterval().toNanos(),
        tail.partialLineTimeout().toNanos(),
        tail.deletedFileGrace().toNanos(),
        tail.maxOpenFiles(),
        config.discovery().staticRoots().scanInterval().toNanos(),
        config.readFrom() == RaylogConfig.ReadFrom.END,
        parseSettings(config.parse()));
  }

  private static ParseSettings parseSettings(RaylogConfig.Parse parse) {
    return new ParseSettings(parse.enabled(), parse.timezone(), parse.multilineTimeout().toNanos(),
        parse.multilineMaxLines(), (int) Math.min(Integer.MAX_VALUE - 16, parse.multilineMaxBytes()),
        parse.dropTqdm());
  }
}
