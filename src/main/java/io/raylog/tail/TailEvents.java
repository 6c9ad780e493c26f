package io.raylog.tail;

import java.nio.file.Path;

/** What the tail stage reports; implemented by the metrics. Called from the tail thread. */
public interface TailEvents {
  void opened(String component);

  void rotated(String component);

  void truncated(String component);

  void deleted(String component);

  void closed(String component);

  void read(String component, int lines, long bytes);

  /** A line longer than {@code max_line_bytes} was split into pieces. */
  void lineSplit(String component);

  /** A line was not valid UTF-8; the bad bytes became U+FFFD. */
  void invalidUtf8(String component);

  /** A last line without newline was shipped after the partial-line timeout or at the end of a removed file. */
  void partialLineFlushed(String component);

  /** Bytes that will never be read, and why (e.g. {@code deleted_before_read}). */
  void dropped(String reason, long bytes);

  void openFailed(Path path, Exception error);

  /** Filesystem events are unavailable; raylog polls instead. */
  void watchDegraded(String reason);

  TailEvents NONE = new TailEvents() {
    @Override public void opened(String component) {}
    @Override public void rotated(String component) {}
    @Override public void truncated(String component) {}
    @Override public void deleted(String component) {}
    @Override public void closed(String component) {}
    @Override public void read(String component, int lines, long bytes) {}
    @Override public void lineSplit(String component) {}
    @Override public void invalidUtf8(String component) {}
    @Override public void partialLineFlushed(String component) {}
    @Override public void dropped(String reason, long bytes) {}
    @Override public void openFailed(Path path, Exception error) {}
    @Override public void watchDegraded(String reason) {}
  };
}
