package io.raylog.tail;

import io.raylog.parse.WorkerContext;
import io.raylog.pipeline.RecordChunk;
import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import io.raylog.record.Fingerprint;
import io.raylog.record.LogRecord;
import io.raylog.record.RecordId;
import io.raylog.record.SourceFile;
import io.raylog.tail.spool.Spool;
import io.raylog.tail.spool.SpoolFile;
import io.raylog.tail.spool.SpoolHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One file being followed: its identity, its descriptor (while it holds one), how far it has been read, and the
 * progress of its records through the sinks. Its life is the state machine of {@link FileState}; every transition
 * is a method here that checks where the file is. The descriptor stays open across renames (rotation, moves into
 * {@code old/}), so a rotated file is read to its end through the same descriptor.
 *
 * <p>Thread-safety: read and mutated by the tail thread only, except the volatile fields, which the checkpoint
 * thread and the status page read.
 */
final class TailedFile {
  /**
   * Its identity, and the key its checkpoint is kept under: the file's (device, inode) while it is on disk, the
   * spool's key for its copy once it is spooled (see {@link SpooledFiles#SPOOL_DEVICE}), so that a checkpoint of a
   * copy is never applied to a new file that reuses the inode.
   */
  volatile FileKey key;
  private final int sinks;
  private final Runnable onProgress;
  /**
   * The session the file is under; with the path, what its source is made of again after a compaction. Null for a
   * file restored from the spool, which is never compacted or reopened.
   */
  final SessionDir session;
  /** Turns its bytes into records; null while it is compacted (released, every line shipped and acknowledged). */
  private volatile FileLines lines;
  private volatile String component;
  /** While compacted: the worker context at the read offset, all that is kept of {@link #lines}. */
  private volatile WorkerContext compactedContext;

  volatile Path path;
  private volatile FileState state = FileState.FOLLOWING;
  /** Open while the state holds a descriptor, null otherwise. */
  private FileChannel channel;
  /** While SPOOLED: the copy its bytes are read from, at the original's offsets. */
  private volatile SpoolFile copy;
  /** Copying it into the spool failed once (a full disk): it is drained through its descriptor instead. */
  boolean spoolFailed;
  volatile FileProgress progress;
  volatile Fingerprint fingerprint;
  /** The id seed of the records past the first KiB, and the source and fingerprint it is for; the tail thread's. */
  private RecordId idSeed;
  private SourceFile idSource;
  private Fingerprint idFingerprint;
  volatile long readOffset;
  volatile long sizeSeen;

  /** When data was last read, and when the file was last checked and found with nothing new. */
  long lastDataNanos;
  long idleBackoffNanos;
  /** When the file was found gone from the tree, or -1 while it is still there. */
  long deletedAtNanos = -1;
  /** The last full scan that found it (see {@link TreeDiff#fullScan}). */
  long seenByScan;
  /** Its place in the read schedule (see {@link ReadSchedule}). */
  long dueAtNanos = Long.MAX_VALUE;

  /**
   * A copy-truncate copy read from where the truncated content was read to: that content's progress, and the
   * offset its records end at. Until they are all acknowledged, this file's checkpoint stays at the old content's
   * committed offset, so a crash re-reads them from the copy instead of losing them. Null otherwise.
   */
  private volatile FileProgress predecessor;
  private volatile long predecessorEnd;
  /**
   * Bytes at its start that were never read: it was new on a first start with {@code read_from: end}. Retention does
   * not delete such a file, whose beginning no sink ever received. 0 otherwise.
   */
  volatile long skippedBytes;
  /** What the checkpoint journal last recorded for this file; the checkpoint thread's own. */
  FileProgress journaledProgress;
  long journaledOffset = -1;

  /**
   * @param onProgress called (on any thread) whenever the committed offset may have moved: the checkpointer journals
   *     only the files it names
   */
  TailedFile(FileKey key, FileChannel channel, Path path, SessionDir session, FileLines lines, long startOffset,
      Fingerprint fingerprint, int sinks, long nowNanos, java.util.function.Consumer<TailedFile> onProgress) {
    this.key = key;
    this.session = session;
    this.channel = channel;
    this.path = path;
    this.readOffset = startOffset;
    this.sizeSeen = startOffset;
    this.fingerprint = fingerprint;
    this.sinks = sinks;
    this.onProgress = () -> onProgress.accept(this);
    this.progress = new FileProgress(sinks, startOffset, this.onProgress);
    this.lastDataNanos = nowNanos;
    this.lines = lines;
    this.component = lines.source().component();
  }

  /**
   * A file deleted during an earlier run, restored from its copy in the spool: SPOOLED from the start, read from
   * {@code startOffset} (its checkpoint, or where the copy starts).
   */
  static TailedFile restored(SpoolFile copy, FileKey key, Path path, FileLines lines, long startOffset,
      Fingerprint fingerprint, int sinks, long nowNanos, java.util.function.Consumer<TailedFile> onProgress) {
    TailedFile file = new TailedFile(key, null, path, null, lines, startOffset, fingerprint, sinks, nowNanos,
        onProgress);
    file.copy = copy;
    file.sizeSeen = copy.endOffset();
    file.deletedAtNanos = nowNanos;
    file.state = FileState.SPOOLED;
    return file;
  }

  // ---- the state machine ----

  FileState state() {
    return state;
  }

  /** Gone from the tree: draining through its descriptor, or spooled. */
  boolean deleted() {
    return state == FileState.DRAINING || state == FileState.SPOOLED;
  }

  boolean spooled() {
    return state == FileState.SPOOLED;
  }

  /** Its copy in the spool while SPOOLED, else null. Any thread. */
  SpoolFile copy() {
    return copy;
  }

  boolean released() {
    return state == FileState.RELEASED;
  }

  /**
   * FOLLOWING → RELEASED: gives the descriptor back. Only a file read exactly to its end lets go of it.
   *
   * @return false, and nothing changed, when bytes were written since it was last read, or it shrank (a truncation
   *     to be read through this descriptor first)
   */
  boolean release() throws IOException {
    expect(FileState.FOLLOWING);
    if (size() != readOffset) {
      return false;
    }
    closeChannel();
    state = FileState.RELEASED;
    return true;
  }

  /**
   * RELEASED → FOLLOWING, through {@code reopened}, a descriptor of the same file (same key) opened again.
   *
   * @param linesAgain what turns its bytes into records, made again, when it was compacted; given the worker context
   *     it was compacted with (see {@link #compact})
   */
  void reopen(FileChannel reopened, java.util.function.Function<WorkerContext, FileLines> linesAgain) {
    expect(FileState.RELEASED);
    if (lines == null) {
      lines = linesAgain.apply(compactedContext);
      compactedContext = null;
    }
    channel = reopened;
    state = FileState.FOLLOWING;
  }

  /**
   * Drops what a released file needs only to read (its line splitter and parser state, its source's encoded fields)
   * once every line it read is shipped and acknowledged, keeping the worker context at its read offset: a node with
   * 200,000 idle files keeps their identity and offsets, not their readers.
   *
   * @return whether it is compacted now
   */
  boolean compact() {
    if (state != FileState.RELEASED || lines == null) {
      return lines == null;
    }
    if (lines.hasPartialLine() || lines.hasOpenRecord() || committedOffset(progress) != readOffset) {
      return false;
    }
    compactedContext = lines.contextAt(readOffset);
    lines = null;
    return true;
  }

  /** FOLLOWING → DRAINING: gone from the tree, to be read to its end through the descriptor still held. */
  void vanished(long nowNanos) {
    expect(FileState.FOLLOWING);
    deletedAtNanos = nowNanos;
    state = FileState.DRAINING;
  }

  /** DRAINING → FOLLOWING: it was only moved out of sight between two looks. */
  void reappeared() {
    expect(FileState.DRAINING);
    deletedAtNanos = -1;
    state = FileState.FOLLOWING;
  }

  /**
   * Copies the file from {@code header.baseOffset()} (its committed offset) to its end into {@code spool}, through
   * the descriptor it still holds. Nothing changes here: {@link #spooled} follows once the copy is durable.
   */
  SpoolFile copyInto(Spool spool, SpoolHeader header) throws IOException {
    expect(FileState.DRAINING);
    return spool.copy(channel, header);
  }

  /**
   * DRAINING → SPOOLED: the rest of the file is in {@code copied}; the descriptor is closed (the deleted file's
   * space is freed) and reading goes on from the copy, at the same offsets, with the same lines and progress.
   *
   * @param spoolKey the key its checkpoint is kept under from now on
   */
  void spooled(SpoolFile copied, FileKey spoolKey) {
    expect(FileState.DRAINING);
    closeChannel();
    copy = copied;
    sizeSeen = copied.endOffset();
    key = spoolKey;
    state = FileState.SPOOLED;
  }

  /** Any → CLOSED. */
  void close() {
    closeChannel();
    SpoolFile spooledCopy = copy;
    if (spooledCopy != null) {
      spooledCopy.closeReader();
    }
    state = FileState.CLOSED;
  }

  private void expect(FileState from) {
    if (state != from) {
      throw new IllegalStateException(path + " is " + state + ", not " + from);
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a read-only descriptor cannot lose data; nothing to do.
      }
      channel = null;
    }
  }

  // ---- identity and progress ----

  /** This file continues {@code content}, read up to {@code end} (copy-truncate). Before any read. */
  void continues(FileProgress content, long end) {
    predecessorEnd = end;
    predecessor = content;
  }

  /** The content this copy continues while its records are not all acknowledged (see {@link #continues}), or null. */
  FileProgress predecessor() {
    return predecessor;
  }

  long predecessorEnd() {
    return predecessorEnd;
  }

  /** The offset a checkpoint may store: as far as every sink acknowledged, this content and the one it continues. */
  long committedOffset(FileProgress current) {
    FileProgress before = predecessor;
    if (before != null) {
      long earlier = before.committedOffset();
      if (earlier < predecessorEnd) {
        return earlier;
      }
      predecessor = null; // all acknowledged: no longer needed
    }
    return current.committedOffset();
  }

  /** Its source (the records' file fields); only while it is not compacted. */
  SourceFile source() {
    return lines.source();
  }

  String component() {
    return component;
  }

  /** The file is known under a new name from now on; {@code renamed} is its source under that name. */
  void renamed(Path newPath, SourceFile renamed) {
    path = newPath;
    component = renamed.component();
    if (lines != null) {
      lines.renamed(renamed);
    }
  }

  /** The worker context at {@code offset}, for the checkpoint; none when parsing is off. Any thread. */
  WorkerContext contextAt(long offset) {
    FileLines current = lines;
    if (current == null) {
      WorkerContext kept = compactedContext;
      return kept != null ? kept : WorkerContext.NONE; // compacted at its committed offset
    }
    return current.contextAt(offset);
  }

  int linesInLastRead() {
    return lines.linesInLastRead;
  }

  // ---- reading (FOLLOWING, DRAINING, or SPOOLED from its copy) ----

  long size() throws IOException {
    if (state == FileState.SPOOLED) {
      return copy.endOffset();
    }
    long size = channel.size();
    sizeSeen = size;
    return size;
  }

  /**
   * Reads at most {@code maxBytes} from the read offset, turning complete lines into records. The bytes are read
   * into a new array that the records of this read share, so no line is copied.
   *
   * @return the records read (possibly empty when only part of a line arrived), or null at the end of the file
   */
  RecordChunk read(int maxBytes, long size, long nowMillis) throws IOException {
    long available = size - readOffset;
    if (available <= 0) {
      return null;
    }
    byte[] buffer = new byte[(int) Math.min(maxBytes, available)];
    ByteBuffer target = ByteBuffer.wrap(buffer);
    if (state == FileState.SPOOLED) {
      copy.read(target, readOffset); // the original's offsets: the copy maps them to its frames
    } else {
      while (target.hasRemaining()) {
        if (channel.read(target, readOffset + target.position()) < 0) {
          break;
        }
      }
    }
    int got = target.position();
    if (got == 0) {
      return null;
    }
    if (state != FileState.SPOOLED && !fingerprint.isComplete() && fingerprint.length() < readOffset + got) {
      // Before the records are made: those that end past the first KiB take their id from the complete fingerprint.
      fingerprint = Fingerprint.read(channel);
    }
    RecordChunk chunk = identified(lines.read(buffer, got, readOffset, progress, nowMillis));
    readOffset += got;
    if (state == FileState.SPOOLED && readOffset >= copy.endOffset()) {
      copy.closeReader(); // read to its end: no descriptor is held while it waits for its acknowledgements
    }
    return chunk;
  }

  /**
   * Gives each record its id seed ({@link RecordId}), before it is published: the file's, from its complete
   * fingerprint, for a record that ends past the first KiB; for one that ends before, its own bytes', because the
   * fingerprint then still grows with the file (and a spool copy may start after those bytes). Either way a record
   * read again, from the same file or its copy, gets the same id. The tail thread only.
   */
  private RecordChunk identified(RecordChunk chunk) {
    for (int i = 0, n = chunk == null ? 0 : chunk.size(); i < n; i++) {
      LogRecord record = chunk.get(i);
      if (record.endOffset >= Fingerprint.MAX_BYTES && fingerprint.isComplete()) {
        if (idSource != record.source || idFingerprint != fingerprint) {
          idSource = record.source;
          idFingerprint = fingerprint;
          idSeed = RecordId.ofFile(record.source, fingerprint);
        }
        record.idSeed = idSeed;
      } else {
        record.idSeed = record.seedFromOwnBytes();
      }
    }
    return chunk;
  }

  /**
   * Reads the fingerprint again while it covers less than the file's first KiB and the descriptor is open: a file
   * about to be copied into the spool, whose copy's records must get the ids the original's would have.
   */
  void completeFingerprint() throws IOException {
    if (channel != null && !fingerprint.isComplete()) {
      fingerprint = Fingerprint.read(channel);
    }
  }

  /**
   * Whether the first bytes no longer match the fingerprint: the file was truncated and written again past the
   * read offset before raylog looked (a shrink alone would show in the size). One small pread, paid only when new
   * data is there to read.
   */
  boolean rewritten() throws IOException {
    if (state == FileState.SPOOLED) {
      return false; // a copy never changes
    }
    Fingerprint known = fingerprint;
    return known.length() > 0 && !Fingerprint.read(channel, known.length()).equals(known);
  }

  boolean hasPartialLine() {
    return lines != null && lines.hasPartialLine();
  }

  boolean hasOpenRecord() {
    return lines != null && lines.hasOpenRecord();
  }

  /** Ships the unfinished last line as a record of its own. */
  RecordChunk flushPartial(long nowMillis) {
    return identified(lines.flushPartial(progress, nowMillis));
  }

  /** Ships the multi-line record held open: no line came to continue it in time, or the file is going away. */
  RecordChunk flushOpenRecord(long nowMillis) {
    return identified(lines.flushOpenRecord(progress, nowMillis));
  }

  /** See {@link FileLines#settleSkippedLines}. */
  void settleSkippedLines() {
    if (lines != null && lines.settleSkippedLines(progress)) {
      onProgress.run();
    }
  }

  /**
   * The file shrank below the read offset (copy-truncate): read it again from the start. Records of the old
   * content still in flight keep acknowledging the old progress; the checkpoint follows the new one.
   */
  RecordChunk truncated(long nowMillis) throws IOException {
    RecordChunk pending = identified(lines.restart(progress, nowMillis)); // the old content's fingerprint
    readOffset = 0;
    skippedBytes = 0; // the new content is read from its start
    predecessor = null;
    progress = new FileProgress(sinks, 0, onProgress);
    fingerprint = Fingerprint.read(channel);
    onProgress.run();
    return pending;
  }
}
