package io.raylog.route;

import io.raylog.record.LogRecord;

/**
 * Which records a sink takes (its {@code filter}). A record a sink does not take still passes through the sink's
 * batches and is acknowledged with them, in order, so the file's checkpoint never passes a record that another
 * record of the same batch still waits for. Immutable and thread-safe.
 */
@FunctionalInterface
public interface RecordFilter {
  boolean accepts(LogRecord record);

  /** No filter: every record. */
  RecordFilter ALL = record -> true;
}
