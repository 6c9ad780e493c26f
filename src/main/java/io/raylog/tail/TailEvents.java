package io.raylog.tail;

import java.nio.file.Path;

/** What the tail stage reports; implemented by the metrics. Called from the tail thread. Every event is optional. */
public interface TailEvents extends io.raylog.parse.ParseEvents, io.raylog.tail.spool.SpoolEvents {
  default void opened(String component) {}

  default void rotated(String component) {}

  default void truncated(String component) {}

  default void deleted(String component) {}

  default void closed(String component) {}

  default void read(String component, int lines, long bytes) {}

  /** Records were made from lines of a file of {@code component} and handed to the sinks. */
  default void emitted(String component, int records) {}

  /** A line longer than {@code max_line_bytes} was split into pieces. */
  default void lineSplit(String component) {}

  /** A line was not valid UTF-8; the bad bytes became U+FFFD. */
  default void invalidUtf8(String component) {}

  /** A last line without newline was shipped after the partial-line timeout or at the end of a removed file. */
  default void partialLineFlushed(String component) {}

  /** Bytes that will never be read, and why (e.g. {@code spool_full}). */
  @Override
  default void dropped(String reason, long bytes) {}

  default void openFailed(Path path, Exception error) {}

  /** A backstop scan looked at {@code files} files in {@code nanos}. */
  default void scanned(int files, long nanos) {}

  /** Filesystem events are unavailable; raylog polls instead. */
  default void watchDegraded(String reason) {}

  TailEvents NONE = new TailEvents() {};
}
