package io.raylog.tail;

import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import java.nio.file.Path;

/**
 * A file raylog has followed, as retention sees it: where it was last known, how far it was read, and how far each
 * sink has acknowledged it. The acknowledgements are read live (they move on after the snapshot was taken, even
 * after the file was closed); the other values are those of the moment it was taken.
 *
 * <p>Thread-safety: immutable apart from the live acknowledgements, which any thread may read.
 *
 * @param size the size the tail thread last saw
 * @param closed whether the tailer no longer follows it (closed after it left the tree or its root went away)
 * @param skippedBytes bytes at its start never read ({@code read_from: end} on a first start); 0 for most files
 */
public record ReadFile(FileKey key, Path path, SessionDir session, long size, long readOffset, FileProgress progress,
    FileProgress predecessor, long predecessorEnd, boolean closed, long skippedBytes) {

  static ReadFile of(TailedFile file, boolean closed) {
    // The progress before the predecessor: a truncation replaces the progress and drops the predecessor.
    FileProgress progress = file.progress;
    return new ReadFile(file.key, file.path, file.session, file.sizeSeen, file.readOffset, progress,
        file.predecessor(), file.predecessorEnd(), closed, file.skippedBytes);
  }

  /** The offset below which every sink has acknowledged every record of the file; what a checkpoint stores. */
  public long committedOffset() {
    if (predecessor != null && predecessor.committedOffset() < predecessorEnd) {
      return predecessor.committedOffset();
    }
    return progress.committedOffset();
  }

  /** How far sink {@code sink} has acknowledged the file (with the content it continues, after a copy-truncate). */
  public long acknowledgedBy(int sink) {
    if (predecessor != null && predecessor.acknowledgedBy(sink) < predecessorEnd) {
      return predecessor.acknowledgedBy(sink);
    }
    return progress.acknowledgedBy(sink);
  }

  /** The number of sinks. */
  public int sinks() {
    return progress.sinks();
  }
}
