package io.raylog.tail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paths that cannot be read: each is logged and counted once per spell of unreadability (again if it recovers and
 * fails again), and what is remembered stays bounded by what is unreadable now, not by everything that ever was.
 * The tail thread only.
 */
final class UnreadablePaths {
  private static final Logger log = LoggerFactory.getLogger(UnreadablePaths.class);

  private final TailEvents events;
  /** Reported already and, as of the last full scan, still unreadable. */
  private final Set<Path> reported = new HashSet<>();
  /** Found unreadable since the current full scan began. */
  private final Set<Path> thisScan = new HashSet<>();

  UnreadablePaths(TailEvents events) {
    this.events = events;
  }

  void scanStarted() {
    thisScan.clear();
  }

  /**
   * Forgets the paths the full scan that just ended found readable again (or gone), keeping those it failed on and
   * those still {@code waiting} for an attempt to open them.
   */
  void scanEnded(Set<Path> waiting) {
    reported.removeIf(path -> !thisScan.contains(path) && !waiting.contains(path));
  }

  void cannotRead(Path path, IOException error) {
    report(path, error, "cannot read {}: {}; skipping it, will retry at every scan");
  }

  void cannotOpen(Path path, Exception error) {
    report(path, error, "cannot open {}: {}; will retry at every scan");
  }

  void readable(Path path) {
    reported.remove(path);
  }

  private void report(Path path, Exception error, String message) {
    thisScan.add(path);
    if (reported.add(path)) {
      log.warn(message, path, error.toString());
      events.openFailed(path, error);
    }
  }
}
