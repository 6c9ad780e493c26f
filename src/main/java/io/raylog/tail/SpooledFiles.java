package io.raylog.tail;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.parse.RayFileNames;
import io.raylog.parse.WorkerContext;
import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import io.raylog.record.RayFileName;
import io.raylog.record.SourceFile;
import io.raylog.tail.spool.Spool;
import io.raylog.tail.spool.SpoolFile;
import io.raylog.tail.spool.SpoolHeader;
import io.raylog.tail.spool.SpoolUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tailer's side of the {@link Spool}: turns a deleted file with unacknowledged bytes into a SPOOLED one (its
 * header made from the file's source, so that its records come out as they would have from the original), turns the
 * copies found at start-up back into SPOOLED files, and keeps the files that are spooled. Spooled files are not
 * {@link KnownFiles}: they are on no disk path, and a new file reusing the original's inode must not be taken for
 * them.
 *
 * <p>Thread-safety: the tail thread only, except {@link #all} and {@link #usage}, which any thread may call.
 */
final class SpooledFiles {
  private static final Logger log = LoggerFactory.getLogger(SpooledFiles.class);
  /**
   * The device of the keys that checkpoints of copies are kept under, {@code (Long.MAX_VALUE, spool id)}: no real
   * device has this number (Linux's {@code dev_t} of a major and a minor number stays far below it), so the checkpoint
   * of a copy can never be applied to a file on disk, nor one of a file to a copy. Not negative: the checkpoint store
   * takes a negative device for a corrupt entry.
   */
  static final long SPOOL_DEVICE = Long.MAX_VALUE;

  private final Spool spool;
  private final TailEvents events;
  private final Map<Long, TailedFile> byId = new ConcurrentHashMap<>();

  SpooledFiles(Spool spool, TailEvents events) {
    this.spool = spool;
    this.events = events;
  }

  static FileKey keyOf(long spoolId) {
    return new FileKey(SPOOL_DEVICE, spoolId);
  }

  boolean enabled() {
    return spool.enabled();
  }

  /** The spooled files, a live view; any thread. */
  Collection<TailedFile> all() {
    return byId.values();
  }

  SpoolUsage usage() {
    return spool.usage();
  }

  /**
   * Copies {@code file}'s bytes from {@code committed} (not from its read offset: records read but not acknowledged
   * must survive a crash too) to its end into the spool, then makes it SPOOLED.
   *
   * @param size the file's size now
   * @param dropped called with each older spooled file dropped to make room (already deleted from the spool)
   * @return whether it is spooled; false when the spool cannot hold it or the copy failed (it drains as before)
   */
  boolean spool(TailedFile file, long committed, long size, long nowMillis, Consumer<TailedFile> dropped) {
    long bytes = size - committed;
    if (!spool.canHold(bytes)) {
      return false;
    }
    for (SpoolFile old : spool.makeRoom(bytes)) {
      TailedFile oldFile = byId.remove(old.header().id());
      if (oldFile != null) {
        dropped.accept(oldFile);
      }
    }
    SourceFile source = file.source();
    long id = spool.newId();
    SpoolHeader header = new SpoolHeader(id, nowMillis, committed, bytes, source.hostFileId(),
        file.fingerprint.length(), file.fingerprint.crc(), source.session(), source.relativePath(),
        source.containerPath(), source.containerLog(),
        source.hostPath() == null ? null : source.hostPath().toString(), source.pod(), file.contextAt(committed));
    SpoolFile copy;
    try {
      copy = file.copyInto(spool, header);
    } catch (IOException | RuntimeException e) {
      file.spoolFailed = true;
      log.error("copying deleted file {} into the spool failed ({}); reading it through its descriptor instead,"
          + " for tail.deleted_file_grace at most", file.path, e.toString());
      return false;
    }
    if (copy.endOffset() < file.readOffset) {
      // Shorter than what was read already: the file shrank under its descriptor while being copied. Reading on
      // from the copy would take it for a truncation; it drains through its descriptor instead.
      spool.remove(copy);
      file.spoolFailed = true;
      log.warn("{} shrank while being copied into the spool; reading it through its descriptor instead", file.path);
      return false;
    }
    if (copy.endOffset() < size) {
      events.dropped("spool_full", size - copy.endOffset()); // it grew past the budget while being copied
    }
    log.info("{} was deleted with {} bytes not yet acknowledged by every sink; copied them into the spool as {}",
        file.path, copy.dataBytes(), copy.path().getFileName());
    file.spooled(copy, keyOf(id));
    byId.put(id, file);
    return true;
  }

  /**
   * The copies the last run left, as SPOOLED files, each from its checkpoint ({@code claim} takes it from the
   * restored ones, so that the first scan does not forget it as a file not found) or,
   * without one, from where its copy starts. A copy whose bytes were all acknowledged already is deleted.
   *
   * @param lines what turns a copy's bytes into records, given its source and the worker context to start with
   */
  List<TailedFile> restore(java.util.function.Function<FileKey, FileCheckpoint> claim, BiFunction<SourceFile, WorkerContext, FileLines> lines,
      int sinks, long nowNanos, Consumer<TailedFile> onProgress) throws IOException {
    for (SpoolFile copy : spool.load()) {
      SpoolHeader header = copy.header();
      FileKey key = keyOf(header.id());
      FileCheckpoint checkpoint = claim.apply(key);
      boolean resumes = checkpoint != null && checkpoint.offset() >= copy.baseOffset()
          && checkpoint.offset() <= copy.endOffset();
      long start = resumes ? checkpoint.offset() : copy.baseOffset();
      if (start >= copy.endOffset()) {
        spool.remove(copy); // acknowledged before the restart, not deleted yet
        continue;
      }
      WorkerContext context = resumes ? checkpoint.worker() : header.context();
      RayFileName name = header.containerLog() ? RayFileName.UNKNOWN : RayFileNames.classify(header.relativePath());
      Path hostPath = header.hostPath() == null ? null : Path.of(header.hostPath());
      SourceFile source = new SourceFile(header.session(), header.relativePath(), name, header.containerPath(),
          header.pod(), header.containerLog(), hostPath, header.fileKey());
      TailedFile file = TailedFile.restored(copy, key, hostPath != null ? hostPath : Path.of(header.containerPath()),
          lines.apply(source, context), start, new Fingerprint(header.fingerprintLength(), header.fingerprintCrc()),
          sinks, nowNanos, onProgress);
      byId.put(header.id(), file);
    }
    return List.copyOf(byId.values());
  }

  /** {@code file} is read to its end and every byte of it acknowledged: its copy goes. */
  void finished(TailedFile file) {
    SpoolFile copy = file.copy();
    byId.remove(copy.header().id());
    spool.remove(copy);
  }
}
