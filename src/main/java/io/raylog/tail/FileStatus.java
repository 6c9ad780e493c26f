package io.raylog.tail;

/**
 * One followed file, as the status page shows it.
 *
 * @param released whether it holds no descriptor (idle; reopened when it changes)
 * @param spoolCopy the name of its copy in the spool when it was deleted and spooled; null otherwise
 */
public record FileStatus(String path, String component, long size, long readOffset, long committedOffset, boolean deleted,
    boolean released, String spoolCopy) {
  public FileStatus(String path, String component, long size, long readOffset, long committedOffset, boolean deleted,
      boolean released) {
    this(path, component, size, readOffset, committedOffset, deleted, released, null);
  }

  public boolean spooled() {
    return spoolCopy != null;
  }

  public long lagBytes() {
    return Math.max(0, size - committedOffset);
  }
}
