package io.raylog.tail;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.record.Fingerprint;

/**
 * Where reading of a newly opened file starts. Pure: every fact is a parameter.
 *
 * <ul>
 *   <li>A checkpoint under the file's key applies only if the file's first bytes still hash the same and the file
 *       is at least as long as the checkpointed offset; otherwise the inode was reused or the file was truncated
 *       while raylog was down, and it is read from its start.
 *   <li>Without a checkpoint, {@code read_from: end} applies only to files found by the first scan of the very
 *       first start: later files are new and read whole.
 * </ul>
 */
public final class StartPosition {
  private StartPosition() {}

  /**
   * @param checkpoint the checkpoint stored under the file's key, or null
   * @param fingerprintNow the file's fingerprint over as many bytes as the checkpoint's covers
   */
  public static long of(FileCheckpoint checkpoint, Fingerprint fingerprintNow, long size, boolean firstScanOfFirstStart,
      boolean readFromEnd) {
    if (checkpoint != null) {
      return sameFile(checkpoint, fingerprintNow, size) ? checkpoint.offset() : 0;
    }
    return firstScanOfFirstStart && readFromEnd ? size : 0;
  }

  /** Whether the file is the one {@code checkpoint} was taken of: the same first bytes, and not shorter. */
  public static boolean sameFile(FileCheckpoint checkpoint, Fingerprint fingerprintNow, long size) {
    return fingerprintNow.equals(checkpoint.fingerprint()) && checkpoint.offset() <= size;
  }
}
