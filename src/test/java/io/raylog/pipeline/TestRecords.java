package io.raylog.pipeline;

import io.raylog.parse.RayFileNames;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;

/** Builds records and batches for tests, including package-private parts of the pipeline. */
public final class TestRecords {
  public static final SourceFile SOURCE =
      new SourceFile("session_2026-11-25_10-00-00_123456_1", "raylet.out", RayFileNames.classify("raylet.out"),
          "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/raylet.out");

  /** The same file with its identity on the host known, as the tailer makes it: its records get ids (log.id). */
  public static final SourceFile IDENTIFIED =
      new SourceFile("session_2026-11-25_10-00-00_123456_1", "raylet.out", RayFileNames.classify("raylet.out"),
          "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/raylet.out", null, false, null, "2049:77");

  private TestRecords() {}

  public static LogRecord record(FileProgress progress, long offset, String message) {
    return LogRecord.of(SOURCE, progress, offset, offset + message.length() + 1, 1_764_064_800_123L, LogRecord.UNKNOWN_TIME, message, false);
  }

  public static Batch batchOf(long sequence, LogRecord... records) {
    long bytes = 0;
    for (LogRecord r : records) {
      bytes += r.cost;
    }
    return new Batch(sequence, records, records.length, bytes);
  }

  /**
   * Records of one file from {@code offset} on, one a message, published as the tail thread publishes them (counted
   * against the memory limit), as one batch.
   */
  public static Batch published(Acknowledgements acknowledgements, FileProgress progress, long offset, long sequence,
      String... messages) {
    RecordChunk chunk = new RecordChunk(messages.length);
    LogRecord[] records = new LogRecord[messages.length];
    for (int i = 0; i < messages.length; i++) {
      records[i] = record(progress, offset, messages[i]);
      offset = records[i].endOffset;
      chunk.add(records[i]);
    }
    acknowledgements.published(chunk);
    return batchOf(sequence, records);
  }

  /** The offset after a batch's last record. */
  public static long endOf(Batch batch) {
    return batch.get(batch.size() - 1).endOffset;
  }

  /** Acknowledges a chunk as if every sink had delivered it. */
  public static void deliverToAllSinks(Acknowledgements acknowledgements, RecordChunk chunk) {
    LogRecord[] records = new LogRecord[chunk.size()];
    for (int i = 0; i < records.length; i++) {
      records[i] = chunk.get(i);
    }
    for (int sink = 0; sink < acknowledgements.sinks(); sink++) {
      acknowledgements.completed(sink, batchOf(0, records));
    }
  }
}
