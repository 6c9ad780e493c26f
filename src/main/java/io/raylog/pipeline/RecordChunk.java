package io.raylog.pipeline;

import io.raylog.record.LogRecord;
import java.util.Arrays;

/**
 * The records of one read of one file, in file order: the unit that travels from the tail thread into every
 * sink's pipeline (one hand-off per read, not per line). Filled by one thread, then read-only.
 */
public final class RecordChunk {
  private LogRecord[] records;
  private int size;

  public RecordChunk(int expectedRecords) {
    records = new LogRecord[Math.max(4, expectedRecords)];
  }

  public void add(LogRecord record) {
    if (size == records.length) {
      records = Arrays.copyOf(records, size * 2);
    }
    records[size++] = record;
  }

  public int size() {
    return size;
  }

  public LogRecord get(int index) {
    return records[index];
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public long costBytes() {
    long total = 0;
    for (int i = 0; i < size; i++) {
      total += records[i].cost;
    }
    return total;
  }
}
