package io.raylog.sink;

import io.raylog.record.LogRecord;

/**
 * Where a sink puts the records its backend refused for good, so that an operator can look at them and replay
 * them. Called on the sink's event loop only.
 */
public interface DeadLetters extends AutoCloseable {

  /** Keeps {@code record}; returns false when it could not be written (counted, the record still counts as done). */
  boolean write(String sink, LogRecord record, String reason, String detail);

  @Override
  default void close() {}

  /** No dead-letter file configured: rejects are only counted and logged. */
  DeadLetters NONE = (sink, record, reason, detail) -> false;
}
