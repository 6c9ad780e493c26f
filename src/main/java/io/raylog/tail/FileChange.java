package io.raylog.tail;

/** What a look at the disk found that differs from what raylog knows, as {@link TreeDiff} reports it. */
sealed interface FileChange {
  /** A file raylog does not follow. */
  record Appeared(FoundFile found) implements FileChange {}

  /** A followed file at another path than raylog knew (a rename), or seen again after it went out of sight. */
  record Moved(TailedFile file, FoundFile found) implements FileChange {}

  /** A followed file whose size is not what raylog saw last, or that an event says changed: it needs a look. */
  record Changed(TailedFile file) implements FileChange {}

  /** A followed file no longer where raylog knew it, and not found elsewhere (deleted, or its root went away). */
  record Vanished(TailedFile file) implements FileChange {}
}
