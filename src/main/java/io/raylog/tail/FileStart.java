package io.raylog.tail;

import io.raylog.parse.WorkerContext;
import io.raylog.record.FileProgress;

/** Where reading of a file raylog opens starts, as {@link StartPlanner} decides it. */
sealed interface FileStart {
  /**
   * Resumes a file raylog followed before: at its checkpoint after a restart ({@code before} null), or, for one
   * closed moments ago and found again (a rename the scans missed), where it was read to; its checkpoint then stays
   * where {@code before}, the progress of the records read before it was closed, stands until they are all
   * acknowledged.
   */
  record Resume(long offset, WorkerContext context, FileProgress before) implements FileStart {}

  /**
   * The copy of a content truncated away from another file (copy-truncate): read from where that content was read
   * to, its checkpoint held at the content's committed offset until {@code predecessor} passes {@code offset}
   * (null: the content was truncated while raylog was down, and the checkpoint covered it).
   */
  record Continuation(long offset, FileProgress predecessor) implements FileStart {}

  /** A file raylog never followed: from its start, or from its end for {@code read_from: end} on a first start. */
  record New(long offset) implements FileStart {}

  /** Not yet: it may be the copy of an open file whose truncation has not shown yet; looked at again soon. */
  record Hold() implements FileStart {}
}
