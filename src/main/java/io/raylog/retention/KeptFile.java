package io.raylog.retention;

import io.raylog.tail.ReadFile;

/**
 * A followed file as retention weighs it. Immutable, but for the acknowledgements of {@link #file}, read live.
 *
 * @param size its size on disk (from an {@code lstat} for a file that may be deleted, else as last seen)
 * @param modifiedMillis its modification time (epoch millis); 0 when not looked at (live files)
 */
record KeptFile(ReadFile file, FileKind kind, long size, long modifiedMillis) {

  /**
   * Whether every sink acknowledged it to its end, so that deleting it loses nothing. A file whose start was skipped
   * ({@code read_from: end}) never is: its beginning was never shipped.
   */
  boolean acknowledged() {
    return file.skippedBytes() == 0 && file.readOffset() >= size && file.committedOffset() == size;
  }
}
