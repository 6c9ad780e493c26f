package io.raylog.tail;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The descriptors of the followed files, at most {@code tail.max_open_files}: a cap on descriptors, not on files.
 * The files holding one are kept in the order they last read data, so the one released for another (or for being
 * idle longer than {@code tail.close_inactive}) is the least recently active. Only a file read to its end is
 * released: raylog never gives up a descriptor with unread bytes behind it, because a file deleted after that
 * could not be read any more. The tail thread only.
 */
final class Descriptors {
  private static final Logger log = LoggerFactory.getLogger(Descriptors.class);
  /** How many of the least recently active files a search for one to release looks at: bounds the cost per open. */
  private static final int SEARCH_LIMIT = 64;

  private final int cap;
  private final long closeInactiveNanos;
  private final Listener listener;

  /** What the tailer hears of the files. */
  interface Listener {
    /** {@code file} was found grown while trying to release it: it is to be read. */
    void grew(TailedFile file);

    /** {@code file} released its descriptor. */
    void released(TailedFile file);
  }
  private final LinkedHashMap<TailedFile, Boolean> holders = new LinkedHashMap<>(256, 0.75f, true);

  Descriptors(int cap, long closeInactiveNanos, Listener listener) {
    this.cap = cap;
    this.closeInactiveNanos = closeInactiveNanos;
    this.listener = listener;
  }

  int held() {
    return holders.size();
  }

  boolean available() {
    return holders.size() < cap;
  }

  /** {@code file} now holds a descriptor (opened, reopened). */
  void acquired(TailedFile file) {
    holders.put(file, Boolean.TRUE);
  }

  /** {@code file} read data: it moves to the most recently active end. */
  void active(TailedFile file) {
    holders.get(file);
  }

  /** {@code file} gave its descriptor back (closed). */
  void returned(TailedFile file) {
    holders.remove(file);
  }

  /**
   * Frees a descriptor for another file by releasing the least recently active file that is read to its end.
   *
   * @return whether one is available now
   */
  boolean makeRoom() {
    if (available()) {
      return true;
    }
    Iterator<TailedFile> order = holders.keySet().iterator();
    for (int looked = 0; looked < SEARCH_LIMIT && order.hasNext(); looked++) {
      if (released(order.next())) {
        order.remove();
        return true;
      }
    }
    return false;
  }

  /**
   * Releases the files idle for {@code tail.close_inactive} that are read to their end.
   *
   * @return when the next one may be due, or {@link Long#MAX_VALUE} when none holds a descriptor
   */
  long releaseIdle(long nowNanos) {
    Iterator<TailedFile> order = holders.keySet().iterator();
    while (order.hasNext()) {
      TailedFile file = order.next();
      long idleAt = file.lastDataNanos + closeInactiveNanos;
      if (idleAt > nowNanos) {
        return idleAt; // the rest read data more recently
      }
      if (released(file)) {
        order.remove();
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * Releases {@code file} if it is following (not draining), read to its end, and holds nothing read but not yet
   * shipped (an unfinished last line, an open multi-line record): a released file that is deleted unseen must have
   * nothing left that only its bytes on disk could give again.
   */
  private boolean released(TailedFile file) {
    if (file.state() != FileState.FOLLOWING || file.hasPartialLine() || file.hasOpenRecord()) {
      return false;
    }
    try {
      if (file.release()) {
        listener.released(file);
        return true;
      }
      listener.grew(file);
      return false;
    } catch (IOException e) {
      log.debug("cannot tell whether {} is read to its end: {}; keeping its descriptor", file.path, e.toString());
      return false;
    }
  }
}
