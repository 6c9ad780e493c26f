package io.raylog.retention;

import io.raylog.config.RaylogConfig;
import io.raylog.record.FileKey;
import io.raylog.tail.ReadFile;
import io.raylog.tail.TailRoot;
import io.raylog.tail.TreeScanner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes Ray log files that every sink has acknowledged (issue 16), on a schedule of its own ({@link #runOnce}, on the
 * retention thread). What may go is decided by {@link FileKind} (is a live process still writing it?) and
 * {@link RetentionPlan} (which rule, is it acknowledged); the deletion itself by {@link SafeDeleter}, which checks
 * again, at the file it deletes, that it is the same file with the size every sink acknowledged.
 *
 * <p>Why this is safe alongside the tail thread: only a file the tailer follows (or closed, for a deleted pod's
 * directory) is ever deleted, and only when its committed offset equals its size on disk, so every byte of it was
 * read and acknowledged. The tailer then sees it vanish like any deleted file: one it holds a descriptor for is read to
 * its end through it (nothing is left, or whatever a writer added at the last moment is read), one released is closed;
 * neither is counted as dropped.
 *
 * <p>Thread-safety: {@link #runOnce} on one thread at a time; {@link #closed} from the tail thread; {@link #status}
 * from any thread.
 */
public final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  /** Names that may be rotated backups; only these are classified further (a regex table per file costs). */
  private static final Pattern MAYBE_ROTATED = Pattern.compile(".*\\.\\d+(\\.log)?$");

  private final RaylogConfig.Retention settings;
  private final Supplier<List<TailRoot>> roots;
  private final DeadPods deadPods;
  private final Consumer<Consumer<ReadFile>> followed;
  private final List<String> sinkNames;
  private final RetentionEvents events;
  private final LongSupplier nanoClock;
  private final LongSupplier millisClock;
  private final SafeDeleter deleter = new SafeDeleter();

  /** Files the tailer closed since the last run (tail thread adds). */
  private final ConcurrentLinkedQueue<ReadFile> justClosed = new ConcurrentLinkedQueue<>();
  /** Closed files of deleted pods' directories, still on disk: their acknowledgements decide. Retention thread. */
  private final Map<FileKey, ReadFile> closedFiles = new HashMap<>();
  private final DeadPodSessions deadPodSessions;

  private final Map<String, Long> deletedBytesByReason = new ConcurrentHashMap<>();
  private volatile long deletedFiles;
  private volatile long deletedBytes;
  private volatile RetentionStatus last;
  private volatile long lastRunNanos = -1;

  public Retention(RaylogConfig.Retention settings, Supplier<List<TailRoot>> roots, DeadPods deadPods,
      Consumer<Consumer<ReadFile>> followed, List<String> sinkNames, RetentionEvents events, LongSupplier nanoClock,
      LongSupplier millisClock) {
    this.settings = settings;
    this.roots = roots;
    this.deadPods = deadPods;
    this.followed = followed;
    this.sinkNames = List.copyOf(sinkNames);
    this.events = events;
    this.nanoClock = nanoClock;
    this.millisClock = millisClock;
    this.deadPodSessions = new DeadPodSessions(settings, deadPods, deleter, events, this::deleted, millisClock);
    this.last = new RetentionStatus(0, settings.maxBytes(), 0, 0, Map.of(), 0, 0, Map.of(), List.of(), -1);
  }

  /** The tailer closed {@code file}. Tail thread; quick. */
  public void closed(ReadFile file) {
    justClosed.add(file);
  }

  /** One pass: delete what the rules allow, then the directories of pods gone for the grace time. */
  public void runOnce() {
    long nowMillis = millisClock.getAsLong();
    List<TailRoot> current = roots.get();
    Set<Path> departed = new HashSet<>();
    for (DeadPods.Departed gone : deadPods.departedRoots()) {
      if (!deadPods.claimed(gone.root().hostDir())) {
        departed.add(gone.root().hostDir());
      }
    }
    takeClosed(departed, current);
    Map<Path, Set<String>> liveSessions = new HashMap<>();
    List<KeptFile> files = new ArrayList<>();
    // By key, for the deleted pods' directories: whether each file in them was read and acknowledged.
    Map<FileKey, ReadFile> byKey = departed.isEmpty() ? Map.of() : new HashMap<>(closedFiles);
    followed.accept(file -> {
      if (!departed.isEmpty()) {
        byKey.put(file.key(), file);
      }
      KeptFile kept = weigh(file, departed, liveSessions);
      if (kept != null) {
        files.add(kept);
      }
    });
    for (ReadFile file : List.copyOf(closedFiles.values())) {
      if (!departed.contains(file.session().root().hostDir())) {
        closedFiles.remove(file.key()); // its directory is in use again, or done with
      } else if (settings.maxBytes() > 0) {
        KeptFile kept = weigh(file, departed, liveSessions);
        if (kept == null) {
          closedFiles.remove(file.key()); // gone from disk, or another file at its path now
        } else {
          files.add(kept);
        }
      }
    }
    RetentionPlan.Plan plan = RetentionPlan.plan(files, settings, nowMillis, sinkNames.size());
    for (RetentionPlan.Deletion deletion : plan.deletions()) {
      delete(deletion);
    }
    long[] bySink = plan.heldBackBySink().clone();
    long[] held = {plan.heldBackBytes()};
    List<String> waiting = deadPodSessions.run(byKey, bySink, held,
        dir -> closedFiles.values().removeIf(f -> f.session().root().hostDir().equals(dir)));
    events.ran(held[0], plan.keptBytes(), plan.overCapBytes());
    Map<String, Long> heldBySink = new LinkedHashMap<>();
    for (int i = 0; i < bySink.length; i++) {
      if (bySink[i] > 0) {
        heldBySink.put(sinkNames.get(i), bySink[i]);
      }
    }
    lastRunNanos = nanoClock.getAsLong();
    last = new RetentionStatus(plan.keptBytes(), settings.maxBytes(), plan.overCapBytes(), held[0], heldBySink,
        deletedFiles, deletedBytes, new TreeMap<>(deletedBytesByReason), waiting, 0);
  }

  /** Where retention stands, for the status page. Any thread. */
  public RetentionStatus status() {
    RetentionStatus status = last;
    long ran = lastRunNanos;
    long ago = ran < 0 ? -1 : (nanoClock.getAsLong() - ran) / 1_000_000;
    return new RetentionStatus(status.keptBytes(), status.maxBytes(), status.overCapBytes(), status.heldBackBytes(),
        status.heldBackBySink(), deletedFiles, deletedBytes, new TreeMap<>(deletedBytesByReason), status.deadPods(), ago);
  }

  // ---- the files ----

  /** Keeps the closed files of deleted pods' directories (the others were deleted from disk, or will never go). */
  private void takeClosed(Set<Path> departed, List<TailRoot> current) {
    Set<Path> currentDirs = new HashSet<>();
    current.forEach(r -> currentDirs.add(r.hostDir()));
    for (ReadFile file; (file = justClosed.poll()) != null; ) {
      Path root = file.session().root().hostDir();
      if (departed.contains(root) && !currentDirs.contains(root)) {
        closedFiles.put(file.key(), file);
      }
    }
  }

  /** The file with its kind, and, when it may be deleted, its size and age from disk; null when it is gone. */
  private KeptFile weigh(ReadFile file, Set<Path> departed, Map<Path, Set<String>> liveSessions) {
    TailRoot root = file.session().root();
    boolean dead = departed.contains(root.hostDir());
    boolean currentSession = dead || liveSessions.computeIfAbsent(root.hostDir(), Retention::liveSessions)
        .contains(file.session().session());
    Path path = file.path();
    FileKind kind = FileKind.LIVE;
    if (dead || !currentSession || path.toString().contains("/old/") || MAYBE_ROTATED.matcher(path.toString()).matches()) {
      kind = FileKind.of(file.session(), path, currentSession, dead);
    }
    if (!kind.live() && !wanted(kind)) {
      kind = FileKind.LIVE; // no rule on can delete it: weighed as last seen, without a look at the disk
    }
    if (kind.live()) {
      return file.closed() ? null : new KeptFile(file, kind, file.size(), 0);
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null; // gone (moved: the tailer knows it under its new path soon)
    }
    if (!attributes.isRegularFile() || attributes.fileKey() == null
        || !file.key().equals(TreeScanner.parseUnixKey(attributes.fileKey().toString()))) {
      return null;
    }
    return new KeptFile(file, kind, attributes.size(), attributes.lastModifiedTime().toMillis());
  }

  /**
   * Whether a rule that is on may delete a file of this kind: rotated and old files under {@code rotated_files}, any
   * file that is not live under the cap. (A deleted pod's directory is looked at as a whole, by its own rule.)
   */
  private boolean wanted(FileKind kind) {
    return settings.maxBytes() > 0
        || settings.rotatedFiles() && (kind == FileKind.ROTATED || kind == FileKind.OLD);
  }

  /**
   * The sessions of a root that a running Ray may write: the target of {@code session_latest} and the newest
   * {@code session_*} by name (names start with the date). Both, because they differ only while a session starts.
   */
  static Set<String> liveSessions(Path root) {
    Set<String> live = new HashSet<>();
    try {
      Path target = Files.readSymbolicLink(root.resolve("session_latest")); // the link's text; nothing is followed
      if (target.getFileName() != null) {
        live.add(target.getFileName().toString());
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no session_latest (yet): the newest name decides
    }
    String newest = null;
    try (DirectoryStream<Path> sessions = Files.newDirectoryStream(root, "session_*")) {
      for (Path session : sessions) {
        String name = session.getFileName().toString();
        if (!name.equals("session_latest") && (newest == null || name.compareTo(newest) > 0)) {
          newest = name;
        }
      }
    } catch (IOException e) {
      // unreadable: only session_latest is known live; nothing of an unreadable root is followed anyway
    }
    if (newest != null) {
      live.add(newest);
    }
    return live;
  }

  private void delete(RetentionPlan.Deletion deletion) {
    KeptFile kept = deletion.file();
    ReadFile file = kept.file();
    try {
      SafeDeleter.Outcome outcome = deleter.deleteFile(file.session().root().hostDir(), file.path(), file.key(),
          size -> size == kept.size() && file.committedOffset() == size);
      if (outcome == SafeDeleter.Outcome.DELETED) {
        deleted(deletion.reason(), 1, kept.size());
        closedFiles.remove(file.key());
        log.debug("retention: deleted {} ({} bytes, {}, acknowledged by every sink)", file.path(), kept.size(),
            deletion.reason());
      } else {
        log.debug("retention: left {} alone: {}", file.path(), outcome);
      }
    } catch (IOException e) {
      events.failed();
      log.warn("retention: cannot delete {}: {}; will retry", file.path(), e.toString());
    }
  }

  private void deleted(String reason, int files, long bytes) {
    deletedBytesByReason.merge(reason, bytes, Long::sum);
    deletedFiles += files;
    deletedBytes += bytes;
    events.deleted(reason, files, bytes);
  }
}
