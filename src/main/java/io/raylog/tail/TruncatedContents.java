package io.raylog.tail;

import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import io.raylog.record.Fingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copy-truncate, told apart from a new file. {@code logrotate copytruncate} (and any tool like it) copies
 * {@code x.log} to {@code x.log.1}, then truncates {@code x.log}. Without this, the copy is a new file read from
 * its start, and everything raylog had already shipped from {@code x.log} is shipped a second time.
 *
 * <p>The content that was truncated away is remembered here by its fingerprint (its first {@link
 * Fingerprint#MAX_BYTES} bytes) with the progress of its records through the sinks. A new file that appears soon
 * after with the same complete fingerprint is its copy: it is read from where the old content was read to, and its
 * checkpoint stays at the old content's committed offset until every record read from it is acknowledged, so a
 * crash in between re-reads them from the copy rather than losing them. Only a truncation makes a file a candidate: two different files whose first kilobyte is
 * the same (Ray workers printing the same output) are never mistaken for copies of each other.
 *
 * <p>When the copy is seen before the truncation (the copy's creation event comes first), the file is held back
 * for a moment ({@link #HOLD_NANOS}) to let the truncation show; if it does not, the file is read from its start as
 * any new file. The tail thread only.
 */
final class TruncatedContents {
  /** How long a truncated content waits for its copy to appear, and a suspected copy for its truncation. */
  static final long KEEP_NANOS = 60_000_000_000L;
  static final long HOLD_NANOS = 2_000_000_000L;

  /** A content truncated away: where its acknowledgements stand (live) or stood (at the last checkpoint). */
  private record Content(FileKey key, FileProgress progress, long end, long atNanos) {}

  /**
   * Where a copy starts: {@code offset}, continuing {@code progress} (the truncated content's, whose records up to
   * the offset may still be in flight), or null progress when it starts at a checkpoint.
   */
  record CopyStart(long offset, FileProgress progress) {}

  private final Map<Fingerprint, Content> contents = new HashMap<>();
  /** Files held back because they look like the copy of an open file not yet seen truncated, since when. */
  private final Map<FileKey, Long> heldSince = new HashMap<>();
  private final List<FoundFile> held = new ArrayList<>();

  /** {@code file}'s content is being truncated away (seen while running). */
  void truncated(TailedFile file, long now) {
    remember(file.fingerprint, new Content(file.key, file.progress, file.readOffset, now), now);
  }

  /** The checkpointed content of {@code key} is gone: the file was truncated while raylog was down. */
  void truncatedWhileDown(FileKey key, Fingerprint fingerprint, long checkpointed, long now) {
    remember(fingerprint, new Content(key, null, checkpointed, now), now);
  }

  private void remember(Fingerprint fingerprint, Content content, long now) {
    if (!fingerprint.isComplete()) {
      return; // a short prefix is not distinctive enough to call another file its copy
    }
    contents.values().removeIf(c -> now - c.atNanos > KEEP_NANOS);
    contents.put(fingerprint, content);
  }

  /**
   * Where a new file starts if it is the copy of a truncated content (where that content was read to, its
   * records still tied to its progress), or null when it is not a copy.
   */
  CopyStart copyStart(FileKey key, Fingerprint fingerprint, long now) {
    if (!fingerprint.isComplete()) {
      return null;
    }
    Content content = contents.get(fingerprint);
    if (content == null || content.key.equals(key) || now - content.atNanos > KEEP_NANOS) {
      return null;
    }
    contents.remove(fingerprint);
    heldSince.remove(key);
    return new CopyStart(content.end, content.progress);
  }

  /**
   * Whether to hold {@code found} back: it has the same first bytes as {@code original}, an open file that is not
   * (yet) seen truncated. True for at most {@link #HOLD_NANOS} per file.
   */
  boolean hold(FoundFile found, long now) {
    heldSince.values().removeIf(t -> now - t > KEEP_NANOS); // files that went away while held
    Long since = heldSince.putIfAbsent(found.key(), now);
    if (since != null && now - since > HOLD_NANOS) {
      return false;
    }
    held.add(found);
    return true;
  }

  /** The file is open (or gone): it is no longer held. */
  void release(FileKey key) {
    heldSince.remove(key);
  }

  /** The files held back, to try again now; the list is emptied. */
  List<FoundFile> takeHeld() {
    if (held.isEmpty()) {
      return List.of();
    }
    List<FoundFile> result = new ArrayList<>(held);
    held.clear();
    return result;
  }

  boolean holding() {
    return !held.isEmpty();
  }
}
