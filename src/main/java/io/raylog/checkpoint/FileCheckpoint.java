package io.raylog.checkpoint;

import io.raylog.parse.WorkerContext;
import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;

/**
 * Where reading of one file resumes after a restart: every byte before {@code offset} has been acknowledged by
 * every sink. Applied only to a file with the same key whose first bytes still match the fingerprint.
 *
 * @param worker what Ray's worker markers before {@code offset} said, so lines after it keep their job, actor and
 *     task
 * @param path the last path the file was seen at, for people reading the store (never used to match)
 */
public record FileCheckpoint(FileKey key, Fingerprint fingerprint, long offset, String path, WorkerContext worker) {
  public FileCheckpoint(FileKey key, Fingerprint fingerprint, long offset, String path) {
    this(key, fingerprint, offset, path, WorkerContext.NONE);
  }
}
