package io.raylog.tail;

import java.nio.file.Path;

/**
 * A Ray temp dir to tail: where raylog sees it ({@code hostDir}) and where the Ray container sees it
 * ({@code containerDir}, e.g. {@code /tmp/ray}), so records can carry the path as Ray users know it.
 */
public record TailRoot(Path hostDir, String containerDir) {
  /** A root seen the same way by raylog and by Ray (static mode). */
  public static TailRoot local(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    return new TailRoot(absolute, absolute.toString());
  }
}
