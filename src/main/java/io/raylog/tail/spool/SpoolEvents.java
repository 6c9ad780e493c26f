package io.raylog.tail.spool;

/** What the spool reports; implemented by the metrics (through the tail stage's events). Every event is optional. */
public interface SpoolEvents {
  /** Bytes that will never be shipped, and why ({@code spool_full}, {@code spool_torn}). */
  default void dropped(String reason, long bytes) {}

  /** {@code bytes} of a deleted file were copied into the spool. */
  default void spooled(long bytes) {}

  SpoolEvents NONE = new SpoolEvents() {};
}
