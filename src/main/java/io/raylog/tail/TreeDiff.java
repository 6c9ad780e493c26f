package io.raylog.tail;

import io.raylog.record.FileKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Discovery as a diff: looks at the disk (a scan of every root, the roots that came or went, or the entries a
 * directory's events name) and reports how it differs from the {@link KnownFiles}, as typed {@link FileChange}s.
 * It changes nothing itself; the tailer applies the changes. A look costs what it looks at: an event naming one file
 * costs one {@code lstat}, a new pod costs its own files, and only the backstop scan costs every file.
 *
 * <p>It also keeps the directories under the roots (each registered for filesystem events once) and which session
 * each belongs to. The tail thread only.
 */
final class TreeDiff {
  /**
   * What a full scan found: the changes, the key of every file found (for the restored checkpoints), and how many
   * files it looked at.
   */
  record Scan(List<FileChange> changes, Set<FileKey> found, int files) {}

  private final Supplier<List<TailRoot>> roots;
  private final TreeScanner scanner;
  private final KnownFiles known;
  private final Map<Path, SessionDir> sessionOfDirectory = new HashMap<>();
  private Consumer<Path> directoryWatch = dir -> {};
  /** The roots as of the last scan, to tell which ones a change added or removed. */
  private Set<TailRoot> scannedRoots = Set.of();
  private long scans;

  TreeDiff(Supplier<List<TailRoot>> roots, TreeScanner scanner, KnownFiles known) {
    this.roots = roots;
    this.scanner = scanner;
    this.known = known;
  }

  void watchDirectoriesWith(Consumer<Path> watch) {
    this.directoryWatch = watch;
  }

  int knownDirectories() {
    return sessionOfDirectory.size();
  }

  /**
   * Every root, every file: the backstop to events, and the first look after start-up. What it costs per file is
   * one {@code lstat} and a lookup: the files found are stamped, not collected, so a node with 200,000 files does not
   * build a second set of them every scan.
   *
   * @param keepKeys whether to return the key of every file found (after a restart, to forget the checkpoints of
   *     files gone), or an empty set
   */
  Scan fullScan(boolean keepKeys) {
    long scan = ++scans;
    Set<FileKey> found = keepKeys ? new HashSet<>() : Set.of();
    Set<Path> directories = new HashSet<>();
    List<TailRoot> current = roots.get();
    scannedRoots = new HashSet<>(current);
    List<FileChange> changes = new ArrayList<>();
    int[] files = {0};
    for (TailRoot root : current) {
      scanRoot(root, f -> {
        files[0]++;
        TailedFile file = known.get(f.key());
        if (file != null) {
          file.seenByScan = scan;
        }
        if (keepKeys) {
          found.add(f.key());
        }
        classify(f, false, changes);
      }, directories::add);
    }
    // Forget directories that are gone (old sessions cleaned up), so that what raylog remembers stays bounded by
    // what exists.
    sessionOfDirectory.keySet().retainAll(directories);
    for (TailedFile file : known.all()) {
      if (file.seenByScan != scan && !file.deleted()) {
        changes.add(new FileChange.Vanished(file));
      }
    }
    return new Scan(changes, found, files[0]);
  }

  /**
   * The roots changed (a pod came or went): the new roots are scanned, and the files of the removed ones vanish (read
   * to their end, then closed), so that a pod event costs the pod's files, not the node's. A root replaced by an
   * equal directory with other metadata (a reused pod name) is forgotten and found again at once.
   */
  List<FileChange> rootsChanged() {
    List<TailRoot> current = roots.get();
    Set<TailRoot> currentSet = new HashSet<>(current);
    List<FileChange> changes = new ArrayList<>();
    for (TailRoot gone : scannedRoots) {
      if (!currentSet.contains(gone)) {
        sessionOfDirectory.values().removeIf(session -> session.root().equals(gone));
        for (TailedFile file : known.all()) {
          if (!file.deleted() && isUnder(file.path, gone)) {
            changes.add(new FileChange.Vanished(file));
          }
        }
      }
    }
    for (TailRoot root : current) {
      if (!scannedRoots.contains(root)) {
        scanRoot(root, f -> classify(f, false, changes), dir -> {});
      }
    }
    scannedRoots = currentSet;
    return changes;
  }

  /**
   * Events in {@code directory}: the entries they name are looked at (found, changed, moved in). Events in a root, a
   * session directory or the ancestor of a root not created yet look for new sessions.
   *
   * <p>An entry gone from its path is not taken for a deletion: a rename shows as a name gone here and a name come
   * there, and the event of the second may come later, in another directory's batch, or never. The file keeps being
   * followed through its descriptor (or stays released) until the backstop scan, which sees every root at once, finds
   * it elsewhere or nowhere.
   *
   * @param overflow events were lost (a full queue): the whole directory is listed again
   * @return the changes, or null when only a full scan can tell (an event from outside any known root)
   */
  List<FileChange> directoryEvents(Path directory, Collection<Path> names, boolean overflow) {
    List<FileChange> changes = new ArrayList<>();
    SessionDir session = sessionOfDirectory.get(directory);
    if (session == null) {
      List<TailRoot> concerned = rootsConcerned(directory);
      if (concerned.isEmpty()) {
        return null;
      }
      for (TailRoot root : concerned) {
        newSessions(root, f -> classify(f, false, changes));
      }
      return changes;
    }
    if (overflow) {
      scanner.list(session, directory, f -> classify(f, true, changes), sub -> {
        if (!sessionOfDirectory.containsKey(sub)) {
          scanner.walk(session, sub, f -> classify(f, false, changes), d -> seeDirectory(d, session));
        }
      });
      return changes;
    }
    for (Path name : names) {
      Path path = directory.resolve(name);
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        continue; // gone (see above), or unreadable: the next scan reports it
      }
      if (attributes.isRegularFile()) {
        scanner.found(session, path, attributes, f -> classify(f, true, changes));
      } else if (attributes.isDirectory() && !sessionOfDirectory.containsKey(path)) {
        scanner.walk(session, path, f -> classify(f, false, changes), d -> seeDirectory(d, session));
      }
    }
    return changes;
  }

  private void classify(FoundFile found, boolean byEvent, List<FileChange> changes) {
    TailedFile file = known.get(found.key());
    if (file == null) {
      changes.add(new FileChange.Appeared(found));
    } else if (!file.path.equals(found.path()) || file.deleted()) {
      changes.add(new FileChange.Moved(file, found));
    } else if (byEvent || found.size() != file.readOffset) {
      // Against what was read, not what was seen: a size seen but not read yet is still to be read.
      changes.add(new FileChange.Changed(file));
    }
  }

  private void scanRoot(TailRoot root, Consumer<FoundFile> found, Consumer<Path> directories) {
    directoryWatch.accept(nearestExisting(root.hostDir()));
    for (SessionDir session : scanner.sessions(root)) {
      directoryWatch.accept(session.logsDir().getParent());
      scanner.walk(session, session.logsDir(), found, dir -> {
        directories.accept(dir);
        seeDirectory(dir, session);
      });
    }
  }

  /** The sessions of {@code root} not known yet, walked; the ones known report their own events. */
  private void newSessions(TailRoot root, Consumer<FoundFile> found) {
    directoryWatch.accept(nearestExisting(root.hostDir()));
    for (SessionDir session : scanner.sessions(root)) {
      directoryWatch.accept(session.logsDir().getParent());
      if (!sessionOfDirectory.containsKey(session.logsDir())) {
        scanner.walk(session, session.logsDir(), found, dir -> seeDirectory(dir, session));
      }
    }
  }

  private void seeDirectory(Path dir, SessionDir session) {
    if (sessionOfDirectory.putIfAbsent(dir, session) == null) {
      directoryWatch.accept(dir);
    }
  }

  /** Whether a file is one the root's scan finds: under a session's logs/, or directly in a container-log dir. */
  private static boolean isUnder(Path file, TailRoot root) {
    if (!file.startsWith(root.hostDir())) {
      return false;
    }
    Path relative = root.hostDir().relativize(file);
    if (root.layout() == TailRoot.Layout.CONTAINER_LOGS) {
      return relative.getNameCount() == 1;
    }
    return relative.getNameCount() >= 3 && relative.getName(0).toString().startsWith("session_")
        && relative.getName(1).toString().equals("logs");
  }

  /** The roots a filesystem event in {@code dir} concerns: roots at or below it, or whose session dir it is. */
  private List<TailRoot> rootsConcerned(Path dir) {
    List<TailRoot> concerned = new ArrayList<>();
    for (TailRoot root : roots.get()) {
      if (root.hostDir().startsWith(dir) || root.hostDir().equals(dir.getParent())) {
        concerned.add(root);
      }
    }
    return concerned;
  }

  /**
   * The root itself, or while it does not exist yet (a new pod's volume), its nearest existing ancestor: the
   * root's creation then shows as an event there, which triggers a look, instead of waiting for the next scan.
   */
  private static Path nearestExisting(Path dir) {
    Path candidate = dir;
    while (candidate.getParent() != null && !Files.isDirectory(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate;
  }
}
