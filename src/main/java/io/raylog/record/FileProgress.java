package io.raylog.record;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far every sink has acknowledged one file (one generation of it: a truncated file starts a new progress,
 * because its offsets start again at 0). The committed offset, the one a checkpoint may store, is the lowest offset
 * acknowledged by every sink.
 *
 * <p>Thread-safety: each sink's slot is written only from that sink's thread, in increasing order; any thread may
 * read {@link #committedOffset()}.
 */
public final class FileProgress {
  private final AtomicLongArray acknowledged;

  public FileProgress(int sinks, long startOffset) {
    acknowledged = new AtomicLongArray(sinks);
    for (int i = 0; i < sinks; i++) {
      acknowledged.set(i, startOffset);
    }
  }

  /** Sink {@code sink} has durably delivered every record of this file that ends at or before {@code endOffset}. */
  public void acknowledge(int sink, long endOffset) {
    if (endOffset > acknowledged.get(sink)) {
      acknowledged.lazySet(sink, endOffset);
    }
  }

  /**
   * Every sink is done up to {@code endOffset}: the bytes after the last record were lines that made no record.
   * Only for the tail thread, and only once every sink has acknowledged every record published for this file, so
   * that no sink thread writes its slot at the same time.
   */
  public void acknowledgeAll(long endOffset) {
    for (int i = 0, n = acknowledged.length(); i < n; i++) {
      acknowledge(i, endOffset);
    }
  }

  public long committedOffset() {
    long min = Long.MAX_VALUE;
    for (int i = 0, n = acknowledged.length(); i < n; i++) {
      min = Math.min(min, acknowledged.get(i));
    }
    return min;
  }
}
