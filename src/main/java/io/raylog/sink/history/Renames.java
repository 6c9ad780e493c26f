package io.raylog.sink.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Where a file went when it is no longer at its path: Ray renames files in place ({@code raylet.out} →
 * {@code raylet.out.1}, {@code x.log} → {@code x.1.log}) or moves them into {@code logs/old/}, always within the
 * session's {@code logs/} tree. Symlinks are not followed.
 */
final class Renames {
  private static final int MAX_DEPTH = 4;

  private Renames() {}

  /** The path below {@code logsDir} of the file whose identity is {@code fileId}; null when it is not there. */
  static Path find(Path logsDir, String fileId) {
    if (logsDir == null) {
      return null;
    }
    try (Stream<Path> paths = Files.walk(logsDir, MAX_DEPTH)) {
      for (Iterator<Path> it = paths.iterator(); it.hasNext(); ) {
        Path path = it.next();
        try {
          if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) && fileId.equals(FileIds.of(path))) {
            return path;
          }
        } catch (IOException e) {
          // gone while walking: not this one
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return null;
    }
    return null;
  }
}
