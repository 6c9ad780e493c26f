package io.raylog.tail;

/**
 * One followed file, as the status page shows it.
 *
 * @param released whether it holds no descriptor (idle; reopened when it changes)
 */
public record FileStatus(String path, String component, long size, long readOffset, long committedOffset, boolean deleted,
    boolean released) {
  public long lagBytes() {
    return Math.max(0, size - committedOffset);
  }
}
