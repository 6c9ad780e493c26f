package io.raylog.sink.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a known session's {@code logs/} that no record names, mirrored too: files that never get a line
 * (most {@code worker-*.err}), and files renamed while raylog was down after all their records had been
 * acknowledged (their rotated name brings no new record). Every {@code upload_interval} each known session is
 * walked; a file is checked against the store (HEAD) only when its size differs from what was last verified, and
 * uploaded when its object is missing, of another file, or shorter. Files the records name are left to them.
 * Confined to the history sink's thread.
 */
final class UntrackedFiles {
  private static final Logger log = LoggerFactory.getLogger(UntrackedFiles.class);
  private static final int MAX_DEPTH = 4;

  private static final class Session {
    final String logsKey;
    long lastScanNanos = Long.MIN_VALUE;
    /** Sizes of files whose object was found or made equal to them, by file identity. */
    final Map<String, Long> verified = new HashMap<>();

    Session(String logsKey) {
      this.logsKey = logsKey;
    }
  }

  private final FileUploads uploads;
  private final long intervalNanos;
  private final Map<Path, Session> sessions = new HashMap<>();

  UntrackedFiles(FileUploads uploads, long intervalNanos) {
    this.uploads = uploads;
    this.intervalNanos = intervalNanos;
  }

  /** A session's {@code logs/} whose node is known: it is scanned from the next tick on. */
  void known(Path logsDir, String logsKey) {
    sessions.computeIfAbsent(logsDir, dir -> new Session(logsKey));
  }

  /**
   * Scans the sessions that are due.
   *
   * @param tracked identities of the files the records name
   * @param ownedKeys whether a key belongs to a file the records name (left to it)
   */
  void scan(long nowNanos, Set<String> tracked, Predicate<String> ownedKeys) {
    for (Iterator<Map.Entry<Path, Session>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Path, Session> entry = it.next();
      Session session = entry.getValue();
      if (session.lastScanNanos != Long.MIN_VALUE && nowNanos - session.lastScanNanos < intervalNanos) {
        continue;
      }
      session.lastScanNanos = nowNanos;
      if (!Files.isDirectory(entry.getKey(), LinkOption.NOFOLLOW_LINKS)) {
        it.remove(); // the session is gone (its pod deleted)
        continue;
      }
      scan(entry.getKey(), session, tracked, ownedKeys);
    }
  }

  private void scan(Path logsDir, Session session, Set<String> tracked, Predicate<String> ownedKeys) {
    List<Path> files;
    try (Stream<Path> paths = Files.walk(logsDir, MAX_DEPTH)) {
      files = paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      return; // changing under the walk: the next scan
    }
    for (Path path : files) {
      try {
        String id = FileIds.of(path);
        long size = Files.size(path);
        Long verified = session.verified.get(id);
        if (tracked.contains(id) || (verified != null && verified == size)) {
          continue;
        }
        String relative = logsDir.relativize(path).toString().replace('\\', '/');
        String key = session.logsKey + "/" + relative;
        if (ownedKeys.test(key)) {
          continue;
        }
        HistoryFile file = new HistoryFile(path, relative, id, logsDir);
        file.key = key;
        file.copySourceKey = key;
        try {
          uploads.upload(file);
          session.verified.put(id, file.storedBytes);
        } finally {
          file.close();
        }
      } catch (IOException e) {
        // gone or replaced since the walk: the next scan sees what is there
      } catch (RuntimeException e) {
        log.debug("uploading {} failed, tried again at the next scan: {}", path, e.toString());
      }
    }
  }
}
