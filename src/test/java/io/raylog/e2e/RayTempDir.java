package io.raylog.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Ray temp dir with one session, as {@code ray start} leaves it: the root raylog is pointed at, and the session's
 * {@code logs/} where a run writes the files raylog is to ship.
 */
record RayTempDir(Path root, Path logs) {
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";

  /** Creates {@code <dir>/ray/<SESSION>/logs}. */
  static RayTempDir create(Path dir) throws IOException {
    Path root = dir.resolve("ray");
    return new RayTempDir(root, Files.createDirectories(root.resolve(SESSION).resolve("logs")));
  }
}
