package io.raylog.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * When each file is next due for a look: at once (data is waiting, or an event said it changed), at a timer (an
 * unfinished line's timeout, a poll when no event can tell), or never (an idle file whose directory reports its
 * changes). A step takes only the files that are due, so an idle node costs nothing per file.
 *
 * <p>Entries are never removed: a file moved to another time leaves its old entry behind, which is skipped when it
 * comes up because it no longer matches the file's {@link TailedFile#dueAtNanos}. The tail thread only.
 */
final class ReadSchedule {
  private record Entry(long atNanos, TailedFile file) {}

  private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));

  /** Due at {@code atNanos} unless already due earlier. */
  void noLaterThan(TailedFile file, long atNanos) {
    if (atNanos < file.dueAtNanos) {
      set(file, atNanos);
    }
  }

  /** Due at {@code atNanos}, or never for {@link Long#MAX_VALUE}, whatever it was before. */
  void set(TailedFile file, long atNanos) {
    file.dueAtNanos = atNanos;
    if (atNanos != Long.MAX_VALUE) {
      queue.add(new Entry(atNanos, file));
    }
  }

  /** The files due at {@code nowNanos}, earliest first; they are no longer scheduled until set again. */
  List<TailedFile> takeDue(long nowNanos) {
    List<TailedFile> due = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().atNanos <= nowNanos) {
      Entry entry = queue.poll();
      if (entry.file.dueAtNanos == entry.atNanos) {
        entry.file.dueAtNanos = Long.MAX_VALUE;
        due.add(entry.file);
      }
    }
    return due;
  }

  /** When the next file is due, or {@link Long#MAX_VALUE}. */
  long nextNanos() {
    while (!queue.isEmpty()) {
      Entry entry = queue.peek();
      if (entry.file.dueAtNanos == entry.atNanos) {
        return entry.atNanos;
      }
      queue.poll(); // stale
    }
    return Long.MAX_VALUE;
  }
}
