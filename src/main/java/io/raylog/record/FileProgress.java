package io.raylog.record;

import java.util.concurrent.atomic.AtomicIntegerArray;
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
  /** Sinks whose acknowledgements no longer move this file on (see {@link #hold}); written by that sink's thread. */
  private final AtomicIntegerArray held;
  /** Told when a slot moved on (the committed offset may have): the checkpointer journals only what changed. */
  private final Runnable onAdvance;

  public FileProgress(int sinks, long startOffset) {
    this(sinks, startOffset, null);
  }

  /** @param onAdvance called on the acknowledging thread after a slot moved on; null for none. Must be quick. */
  public FileProgress(int sinks, long startOffset, Runnable onAdvance) {
    this.onAdvance = onAdvance;
    acknowledged = new AtomicLongArray(sinks);
    held = new AtomicIntegerArray(sinks);
    for (int i = 0; i < sinks; i++) {
      acknowledged.set(i, startOffset);
    }
  }

  /** Sink {@code sink} has durably delivered every record of this file that ends at or before {@code endOffset}. */
  public void acknowledge(int sink, long endOffset) {
    if (endOffset > acknowledged.get(sink) && held.get(sink) == 0) {
      acknowledged.lazySet(sink, endOffset);
      if (onAdvance != null) {
        onAdvance.run();
      }
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

  /**
   * Sink {@code sink} lost records of this file that it never delivered (a bug in one of its handlers): its
   * acknowledgements stop moving this file on, so the committed offset stays below those records and a restart
   * reads them again. For that sink's thread only.
   */
  public void hold(int sink) {
    held.set(sink, 1);
  }

  /** The number of sinks this progress counts. */
  public int sinks() {
    return acknowledged.length();
  }

  /** How far sink {@code sink} has acknowledged this file. Any thread. */
  public long acknowledgedBy(int sink) {
    return acknowledged.get(sink);
  }

  public long committedOffset() {
    long min = Long.MAX_VALUE;
    for (int i = 0, n = acknowledged.length(); i < n; i++) {
      min = Math.min(min, acknowledged.get(i));
    }
    return min;
  }
}
