package io.raylog.pipeline;

import io.raylog.record.LogRecord;

/** Records cut by a {@link Batcher}, in arrival order; numbered per sink so completions apply in order. */
public final class Batch {
  private final long sequence;
  private final LogRecord[] records;
  private final int size;
  private final long bytes;

  Batch(long sequence, LogRecord[] records, int size, long bytes) {
    this.sequence = sequence;
    this.records = records;
    this.size = size;
    this.bytes = bytes;
  }

  public long sequence() {
    return sequence;
  }

  public int size() {
    return size;
  }

  public LogRecord get(int index) {
    return records[index];
  }

  /** The estimated size used by the byte limit (message bytes plus per-record overhead). */
  public long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "Batch#" + sequence + "[" + size + " records, " + bytes + " bytes]";
  }
}
