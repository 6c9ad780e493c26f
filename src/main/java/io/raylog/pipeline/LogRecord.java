package io.raylog.pipeline;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One record: a line (or a piece of a long line) of one file, with where it came from. Created by the tail thread,
 * then shared read-only by every sink it is routed to; {@link #pendingSinks} is the only field that changes after
 * publication, atomically.
 */
public final class LogRecord {
  /** Marks {@link #timeMillis} as unknown: the record's time is its observed time. */
  public static final long UNKNOWN_TIME = Long.MIN_VALUE;

  private static final AtomicIntegerFieldUpdater<LogRecord> PENDING =
      AtomicIntegerFieldUpdater.newUpdater(LogRecord.class, "pendingSinks");

  /** Per-record memory overhead counted against the pipeline's memory limit, on top of the message. */
  static final int OVERHEAD_BYTES = 96;

  public final SourceFile source;
  public final FileProgress progress;
  /** File offset of the first byte of the line. */
  public final long offset;
  /** File offset just after the line (after its newline, if it had one): where a restart may resume. */
  public final long endOffset;
  public final long observedMillis;
  public final long timeMillis;
  public final String message;
  /** A piece of a line longer than the configured maximum. */
  public final boolean split;
  /** Bytes this record holds against the memory limit. */
  public final int cost;

  @SuppressWarnings("unused") // updated through PENDING
  private volatile int pendingSinks;

  public LogRecord(
      SourceFile source,
      FileProgress progress,
      long offset,
      long endOffset,
      long observedMillis,
      long timeMillis,
      String message,
      boolean split) {
    this.source = source;
    this.progress = progress;
    this.offset = offset;
    this.endOffset = endOffset;
    this.observedMillis = observedMillis;
    this.timeMillis = timeMillis;
    this.message = message;
    this.split = split;
    this.cost = OVERHEAD_BYTES + message.length();
  }

  /** Called once, before the record is published to {@code sinks} sinks. */
  void expectSinks(int sinks) {
    PENDING.lazySet(this, sinks);
  }

  /** Called by a sink that is done with the record; true for the last one, which frees its memory. */
  boolean releaseBySink() {
    return PENDING.decrementAndGet(this) == 0;
  }
}
