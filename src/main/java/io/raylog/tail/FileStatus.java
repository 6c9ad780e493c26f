package io.raylog.tail;

/** One followed file, as the status page shows it. */
public record FileStatus(String path, String component, long size, long readOffset, long committedOffset, boolean deleted) {
  public long lagBytes() {
    return Math.max(0, size - committedOffset);
  }
}
