package io.raylog.retention;

import io.raylog.config.RaylogConfig;
import io.raylog.record.FileKey;
import io.raylog.tail.ReadFile;
import io.raylog.tail.TailRoot;
import io.raylog.tail.TreeScanner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dead_pod_grace} rule: the {@code session_*} directories of a Ray pod that was deleted (Kubernetes,
 * hostPath layout) go {@code dead_pod_grace} after discovery saw the deletion (before a restart too), once every
 * regular file in their
 * {@code logs/} was read to its end and acknowledged by every sink. A file there that raylog never followed holds the
 * directory back (its bytes were never shipped); a directory a pod uses again, or one inside or around it, is never
 * deleted. The directory of the pod itself (the kubelet's subPath) and what lies beside the sessions stay.
 *
 * <p>Thread-safety: the retention thread only.
 */
final class DeadPodSessions {
  private static final Logger log = LoggerFactory.getLogger(DeadPodSessions.class);

  /** Told of what was deleted. */
  interface Deleted {
    void deleted(String reason, int files, long bytes);
  }

  private final RaylogConfig.Retention settings;
  private final DeadPods deadPods;
  private final SafeDeleter deleter;
  private final RetentionEvents events;
  private final Deleted deleted;
  private final LongSupplier millisClock;

  DeadPodSessions(RaylogConfig.Retention settings, DeadPods deadPods, SafeDeleter deleter, RetentionEvents events,
      Deleted deleted, LongSupplier millisClock) {
    this.settings = settings;
    this.deadPods = deadPods;
    this.deleter = deleter;
    this.events = events;
    this.deleted = deleted;
    this.millisClock = millisClock;
  }

  /**
   * Deletes the {@code session_*} directories of every pod gone for {@code dead_pod_grace} whose log files every
   * sink acknowledged, telling {@code deletedDir} of each directory done with; adds what holds the others back to
   * {@code bySink} and {@code held}. Returns, for the status page, the directories that wait and why.
   *
   * @param byKey every file followed or closed, by identity
   */
  List<String> run(Map<FileKey, ReadFile> byKey, long[] bySink, long[] held, Consumer<Path> deletedDir) {
    List<String> waiting = new ArrayList<>();
    long now = millisClock.getAsLong();
    for (DeadPods.Departed gone : deadPods.departedRoots()) {
      TailRoot root = gone.root();
      Path dir = root.hostDir();
      long goneFor = Math.max(0, now - gone.sinceMillis()); // a clock set back: not gone for less than nothing
      if (deadPods.claimed(dir)) {
        continue; // a pod uses it (again): never a dead pod's
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        deadPods.forget(dir);
        continue;
      }
      if (goneFor < settings.deadPodGrace().toMillis()) {
        waiting.add(dir + ": pod deleted " + goneFor / 1000 + " s ago (retention.dead_pod_grace)");
        continue;
      }
      String notYet = unacknowledged(root, byKey, bySink, held);
      if (notYet != null) {
        waiting.add(dir + ": " + notYet);
        continue;
      }
      if (deleteSessions(dir)) {
        deadPods.forget(dir);
        deletedDir.accept(dir);
      }
    }
    return waiting;
  }

  /**
   * Why the log files of a deleted pod's directory cannot go yet, or null when every one is acknowledged; adds what
   * each sink has not acknowledged to {@code bySink}, and the bytes not acknowledged by all to {@code held[0]}.
   */
  static String unacknowledged(TailRoot root, Map<FileKey, ReadFile> byKey, long[] bySink, long[] held) {
    List<String> reasons = new ArrayList<>();
    long[] unread = {0};
    long[] unacknowledged = {0};
    for (Path session : sessionDirs(root.hostDir())) {
      Path logs = session.resolve("logs");
      if (!Files.isDirectory(logs, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Files.walkFileTree(logs, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (!attributes.isRegularFile() || attributes.fileKey() == null) {
              return FileVisitResult.CONTINUE; // symlinks and sockets hold nothing raylog ships
            }
            ReadFile read = byKey.get(TreeScanner.parseUnixKey(attributes.fileKey().toString()));
            long size = attributes.size();
            if (read == null) {
              unread[0] += size; // never followed (it waited for a descriptor when its pod went): never shipped
              for (int i = 0; i < bySink.length; i++) {
                bySink[i] += size;
              }
            } else if (read.committedOffset() < size) {
              long readTo = Math.min(size, read.readOffset());
              unread[0] += size - readTo;
              unacknowledged[0] += Math.max(0, readTo - read.committedOffset());
              RetentionPlan.holdBack(new KeptFile(read, FileKind.DEAD_POD, size, 0), bySink);
            }
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        return "cannot list " + logs + ": " + e;
      }
    }
    if (unread[0] > 0) {
      reasons.add(unread[0] + " bytes never read");
    }
    if (unacknowledged[0] > 0) {
      reasons.add(unacknowledged[0] + " bytes not acknowledged by every sink");
    }
    held[0] += unread[0] + unacknowledged[0];
    return reasons.isEmpty() ? null : String.join(", ", reasons);
  }

  /** Deletes every {@code session_*} directory of a deleted pod's directory; whether all went. */
  private boolean deleteSessions(Path dir) {
    boolean all = true;
    for (Path session : sessionDirs(dir)) {
      try {
        SafeDeleter.Freed freed = deleter.deleteTree(dir, session);
        if (freed == null) {
          log.warn("retention: left {} alone: not a directory below {} reached without a symlink", session, dir);
          all = false;
          continue;
        }
        deleted.deleted(RetentionPlan.DEAD_POD, freed.files(), freed.bytes());
        log.debug("retention: deleted {} of a deleted pod ({} files, {} bytes, acknowledged by every sink)", session,
            freed.files(), freed.bytes());
      } catch (IOException e) {
        events.failed();
        all = false;
        log.warn("retention: cannot delete {}: {}; will retry", session, e.toString());
      }
    }
    return all;
  }

  /** The {@code session_*} directories of a root, symlinks left out. */
  private static List<Path> sessionDirs(Path root) {
    List<Path> sessions = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "session_*")) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          sessions.add(entry);
        }
      }
    } catch (IOException e) {
      // gone or unreadable: nothing to delete
    }
    return sessions;
  }
}
