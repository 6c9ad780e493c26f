package io.raylog.tail;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import io.raylog.record.Fingerprint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides where a file raylog opens starts ({@link FileStart}): at its checkpoint, where it was
 * when closed moments ago, as the continuation of a content truncated away from another file, or as a new file.
 * It holds what that takes: the checkpoints restored at start-up (until the first scan has used them), the files
 * closed within the deleted-file grace time, and the truncated contents waiting for their copies. The tail thread
 * only.
 */
final class StartPlanner {
  private static final Logger log = LoggerFactory.getLogger(StartPlanner.class);

  /** A file closed after its deletion (or release): where it was, in case it shows up again under another name. */
  private record ClosedFile(FileCheckpoint checkpoint, long readOffset, FileProgress progress, long closedAtNanos) {}

  /** Reads the truncation of an open file now (it publishes what was held of the old content). */
  interface Truncation {
    void readNow(TailedFile file) throws IOException;
  }

  private final Map<FileKey, FileCheckpoint> restored;
  private final boolean firstStart;
  private final boolean readFromEnd;
  private final long closedGraceNanos;
  /**
   * Deleted files closed within the grace time, by key: a file that shows up again resumes where it was instead of
   * being read again from its start. A listing can miss a file a rotation renames while it runs (every backup moves
   * up one name), and a file fully read is closed as soon as it is missed.
   */
  private final Map<FileKey, ClosedFile> recentlyClosed = new HashMap<>();
  private final TruncatedContents truncatedContents = new TruncatedContents();

  StartPlanner(Map<FileKey, FileCheckpoint> restored, boolean firstStart, boolean readFromEnd, long closedGraceNanos) {
    this.restored = new java.util.concurrent.ConcurrentHashMap<>(restored);
    this.firstStart = firstStart;
    this.readFromEnd = readFromEnd;
    this.closedGraceNanos = closedGraceNanos;
  }

  /** Takes the restored checkpoint of {@code key} (a spooled copy's), or null: it is no longer waiting for a file. */
  FileCheckpoint takeRestored(FileKey key) {
    return restored.remove(key);
  }

  boolean hasRestored(FileKey key) {
    return restored.containsKey(key);
  }

  /** The checkpoints restored at start-up not used yet (their files wait for a descriptor). Any thread. */
  Collection<FileCheckpoint> restoredCheckpoints() {
    return restored.values();
  }

  boolean anyRestored() {
    return !restored.isEmpty();
  }

  /**
   * Decides where {@code found}, opened as {@code channel} with first bytes {@code fingerprint}, starts.
   *
   * @param initialScanDone whether the first scan since start-up is over
   * @param openWithFingerprint the open file whose complete fingerprint this is, or null
   * @param truncateNow reads the truncation of an open file that is already visible (its copy is being opened)
   */
  FileStart plan(FoundFile found, FileChannel channel, Fingerprint fingerprint, long now, boolean initialScanDone,
      Function<Fingerprint, TailedFile> openWithFingerprint, Truncation truncateNow) throws IOException {
    FileKey key = found.key();
    FileCheckpoint checkpoint = restored.remove(key);
    ClosedFile closed = recentlyClosed.remove(key);
    long size = channel.size();
    if (checkpoint == null && closed != null && resumes(closed, channel, fingerprint, size)) {
      truncatedContents.release(key);
      return new FileStart.Resume(closed.readOffset(), closed.checkpoint().worker(), closed.progress());
    }
    if (checkpoint != null) {
      Fingerprint comparable = comparable(checkpoint, channel, fingerprint);
      if (StartPosition.sameFile(checkpoint, comparable, size)) {
        truncatedContents.release(key);
        return new FileStart.Resume(checkpoint.offset(), checkpoint.worker(), null);
      }
      log.info("{} is not the file checkpointed under its inode (reused inode, or truncated while raylog was down);"
          + " reading it from the start", found.path());
      truncatedContents.truncatedWhileDown(checkpoint.key(), checkpoint.fingerprint(), checkpoint.offset(), now);
    }
    FileStart copy = copyStart(found, fingerprint, now, initialScanDone, openWithFingerprint, truncateNow);
    if (copy instanceof FileStart.Hold) {
      return copy;
    }
    if (copy != null) {
      truncatedContents.release(key);
      return copy;
    }
    truncatedContents.release(key);
    boolean firstScanOfFirstStart = !initialScanDone && firstStart;
    return new FileStart.New(checkpoint == null && firstScanOfFirstStart && readFromEnd ? size : 0);
  }

  /**
   * A continuation when the file is the copy of a truncated content, {@link FileStart.Hold} when it has the first
   * bytes of an open file not seen truncated yet (the copy seen before the truncation), null otherwise.
   */
  private FileStart copyStart(FoundFile found, Fingerprint fingerprint, long now, boolean initialScanDone,
      Function<Fingerprint, TailedFile> openWithFingerprint, Truncation truncateNow) throws IOException {
    FileKey key = found.key();
    TruncatedContents.CopyStart start = truncatedContents.copyStart(key, fingerprint, now);
    if (start != null) {
      return continuation(found, start);
    }
    if (!fingerprint.isComplete()) {
      return null;
    }
    if (!initialScanDone) {
      // After a restart, a copy made while raylog was down may be found before the file it was copied from: look
      // again once the first scan has opened every checkpointed file (and so learnt which were truncated). Not on
      // the very first start, where read_from applies to the first scan only.
      return firstStart ? null : truncatedContents.hold(found, now) ? new FileStart.Hold() : null;
    }
    TailedFile original = openWithFingerprint.apply(fingerprint);
    if (original == null || original.key.equals(key)) {
      return null;
    }
    // A released original is looked at when its truncation shows (an event, a scan): hold the copy till then.
    long size = original.state().holdsDescriptor() ? original.size() : original.readOffset;
    if (size < original.readOffset || (size > original.readOffset && original.rewritten())) {
      truncateNow.readNow(original); // the truncation is there already: the copy continues its content
      start = truncatedContents.copyStart(key, fingerprint, now);
      return start == null ? null : continuation(found, start);
    }
    return truncatedContents.hold(found, now) ? new FileStart.Hold() : null;
  }

  private static FileStart continuation(FoundFile found, TruncatedContents.CopyStart start) {
    log.info("{} is a copy of content truncated away from another file (copy-truncate); reading it from offset {},"
        + " where that content was read to", found.path(), start.offset());
    return new FileStart.Continuation(start.offset(), start.progress());
  }

  /** Whether a file found again is the one closed under its key (not a new file on a reused inode). */
  private static boolean resumes(ClosedFile closed, FileChannel channel, Fingerprint current, long size)
      throws IOException {
    return StartPosition.sameFile(closed.checkpoint(), comparable(closed.checkpoint(), channel, current), size)
        && closed.readOffset() <= size;
  }

  /** The file's fingerprint over as many bytes as {@code checkpoint}'s, so that the two can be compared. */
  private static Fingerprint comparable(FileCheckpoint checkpoint, FileChannel channel, Fingerprint current)
      throws IOException {
    int length = checkpoint.fingerprint().length();
    return length == current.length() ? current : Fingerprint.read(channel, length);
  }

  /** {@code file}'s content is being truncated away: its copy, when one appears, continues it. */
  void truncated(TailedFile file, long now) {
    truncatedContents.truncated(file, now);
  }

  /** {@code file} is closed (deleted, drained): remembered for the grace time in case it was only renamed. */
  void closed(TailedFile file, long now) {
    long committed = file.committedOffset(file.progress);
    recentlyClosed.put(file.key, new ClosedFile(new FileCheckpoint(file.key, file.fingerprint, committed,
        file.path.toString(), file.contextAt(committed)), file.readOffset, file.progress, now));
  }

  /**
   * The first scan is over: forget the checkpoints of files it did not find. One it found but could not open
   * (renamed between the listing and the open, by a rotation) keeps its checkpoint until a later scan opens it
   * under its new name; forgetting it would have that file read again from its start.
   */
  void forgetRestoredExcept(Set<FileKey> found) {
    int before = restored.size();
    restored.keySet().retainAll(found);
    if (restored.size() < before) {
      log.info("{} checkpointed files no longer exist; forgetting them", before - restored.size());
    }
  }

  /** Forgets the closed files whose grace time is over. */
  void expire(long now) {
    recentlyClosed.values().removeIf(c -> now - c.closedAtNanos() > closedGraceNanos);
  }

  /** Files held back as possible copies, to look at again now. */
  List<FoundFile> takeHeld() {
    return truncatedContents.takeHeld();
  }

  boolean holding() {
    return truncatedContents.holding();
  }

  /** A held file that went away or was replaced is no longer held. */
  void forgetHeld(FileKey key) {
    truncatedContents.release(key);
  }
}
