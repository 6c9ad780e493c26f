package io.raylog.pipeline;

import io.raylog.record.LogRecord;

/**
 * Cuts records into batches by record count, bytes and linger time (the time the oldest record of the open batch
 * may wait), Kafka-producer style: the caller asks {@link #add}, and separately {@link #drainIfDue} when the linger
 * deadline passes. Pure: time is a parameter. Not thread-safe: one per sink, used on that sink's event loop.
 */
public final class Batcher {
  private final int maxRecords;
  private final long maxBytes;
  private final long lingerNanos;

  private LogRecord[] open;
  private int size;
  private long bytes;
  private long openedAtNanos;
  private long nextSequence;

  public Batcher(int maxRecords, long maxBytes, long lingerNanos) {
    if (maxRecords < 1 || maxBytes < 1 || lingerNanos < 0) {
      throw new IllegalArgumentException("batch limits must be positive");
    }
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.lingerNanos = lingerNanos;
    this.open = new LogRecord[Math.min(maxRecords, 1024)];
  }

  /** Adds a record; returns the batch that this record completed, or null. */
  public Batch add(LogRecord record, long nowNanos) {
    if (size == 0) {
      openedAtNanos = nowNanos;
    } else if (bytes + record.cost > maxBytes) {
      Batch full = cut();
      openedAtNanos = nowNanos;
      append(record);
      return full;
    }
    append(record);
    if (size >= maxRecords || bytes >= maxBytes) {
      return cut();
    }
    return null;
  }

  /** The time at which the open batch must be sent, or -1 when no batch is open. */
  public long deadlineNanos() {
    return size == 0 ? -1 : openedAtNanos + lingerNanos;
  }

  /** The open batch if its linger time has passed, else null. */
  public Batch drainIfDue(long nowNanos) {
    return size > 0 && nowNanos - openedAtNanos >= lingerNanos ? cut() : null;
  }

  /** The open batch, whatever its age (shutdown), or null when empty. */
  public Batch drain() {
    return size > 0 ? cut() : null;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  private void append(LogRecord record) {
    if (size == open.length) {
      open = java.util.Arrays.copyOf(open, Math.min(maxRecords, size * 2));
    }
    open[size++] = record;
    bytes += record.cost;
  }

  private Batch cut() {
    Batch batch = new Batch(nextSequence++, open, size, bytes);
    open = new LogRecord[open.length];
    size = 0;
    bytes = 0;
    return batch;
  }
}
