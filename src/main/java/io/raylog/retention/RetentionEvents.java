package io.raylog.retention;

/** What retention reports; implemented by the metrics. Called from the retention thread. */
public interface RetentionEvents {
  RetentionEvents NONE = new RetentionEvents() {};

  /** Files were deleted, freeing {@code bytes}, for {@code reason} ({@code rotated}, {@code old}, …). */
  default void deleted(String reason, int files, long bytes) {}

  /** A deletion failed (permissions, a read-only mount); retried at the next run. */
  default void failed() {}

  /** After each run: bytes due for deletion but not yet acknowledged by every sink, and how far above the cap. */
  default void ran(long heldBackBytes, long keptBytes, long overCapBytes) {}
}
