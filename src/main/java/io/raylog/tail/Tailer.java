package io.raylog.tail;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.parse.RayFileNames;
import io.raylog.parse.WorkerContext;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import io.raylog.record.Fingerprint;
import io.raylog.record.RayFileName;
import io.raylog.record.SourceFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every file under the roots: discovers them by scanning (and by filesystem events, when available),
 * reconciles each scan with the open files by (device, inode) — a known key at a new path is a rename, a missing key
 * a deletion — reads the files fairly (at most one chunk per file per round, so a chatty file never starves a quiet
 * one), and publishes their records. Reading stops while the memory budget is full and resumes when it has room.
 *
 * <p>Thread-safety: {@link #step} runs on one thread (the tail thread, or a test). {@link #wake}, {@link #onDirectoryEvent}
 * and {@link #checkpoints} may be called from any thread.
 */
public final class Tailer {
  private static final Logger log = LoggerFactory.getLogger(Tailer.class);
  private static final long MIN_IDLE_BACKOFF_NANOS = 2_000_000;

  /** The roots at this moment: fixed in static mode, following the pods of the node in Kubernetes mode. */
  private final Supplier<List<TailRoot>> roots;
  private final TailSettings settings;
  private final TreeScanner scanner;
  private final Consumer<RecordChunk> publisher;
  private final MemoryBudget budget;
  private final TailEvents events;
  private final int sinks;
  private final LongSupplier nanoClock;
  private final LongSupplier millisClock;

  private final Map<FileKey, TailedFile> files = new ConcurrentHashMap<>();
  private final Map<Path, TailedFile> byPath = new HashMap<>();
  private final Map<Path, SessionDir> sessionOfDirectory = new HashMap<>();
  /**
   * Unreadable paths already reported and, as of the last full scan, still unreadable: each is logged and counted
   * once per spell of unreadability (again if it recovers and fails again), and the set stays bounded by what is
   * unreadable now, not by everything that ever was.
   */
  private final Set<Path> unreadableReported = new HashSet<>();
  /** Paths found unreadable since the current full scan began. */
  private final Set<Path> unreadableThisScan = new HashSet<>();
  /** Directories with filesystem events since the last step; true when entries were added or removed. */
  private final ConcurrentHashMap<Path, Boolean> changedDirectories = new ConcurrentHashMap<>();
  /**
   * Deleted files closed within the grace time, by key: a file that shows up again resumes where it was committed
   * instead of being read again from its start. A listing can miss a file a rotation renames while it runs (every
   * backup moves up one name), and a file fully read is closed as soon as it is missed.
   */
  private final Map<FileKey, ClosedFile> recentlyClosed = new HashMap<>();

  private record ClosedFile(FileCheckpoint checkpoint, long closedAtNanos) {}
  private final Map<FileKey, FileCheckpoint> restored;
  private final boolean firstStart;
  private Consumer<Path> directoryWatch = dir -> {};
  /** Asks for the checkpoints to be journaled soon, when one changed without an acknowledgement (a copy found). */
  private Runnable checkpointSoon = () -> {};

  /** Set when the roots changed (a pod came or went): the next step scans the new roots and forgets the old. */
  private volatile boolean rescanRequested;
  /** The roots as of the last scan, to tell which ones a change added or removed. */
  private Set<TailRoot> scannedRoots = Set.of();
  private boolean initialScanDone;
  private long nextScanNanos;
  private int roundStart;
  private boolean openLimitReported;
  private volatile Thread parked;
  private final TruncatedContents truncatedContents = new TruncatedContents();

  public Tailer(List<TailRoot> roots, TailSettings settings, Map<FileKey, FileCheckpoint> restored, boolean firstStart,
      Consumer<RecordChunk> publisher, MemoryBudget budget, int sinks, TailEvents events,
      LongSupplier nanoClock, LongSupplier millisClock) {
    this(fixed(roots), settings, restored, firstStart, publisher, budget, sinks, events, nanoClock, millisClock);
  }

  /**
   * Roots that change while running (Kubernetes discovery); call {@link #rescanSoon} when they do. Files under a
   * root that disappears are read to their end, then closed, like deleted files.
   */
  public Tailer(Supplier<List<TailRoot>> roots, TailSettings settings, Map<FileKey, FileCheckpoint> restored,
      boolean firstStart, Consumer<RecordChunk> publisher, MemoryBudget budget, int sinks, TailEvents events,
      LongSupplier nanoClock, LongSupplier millisClock) {
    this.roots = roots;
    this.settings = settings;
    this.restored = new HashMap<>(restored);
    this.firstStart = firstStart;
    this.publisher = publisher;
    this.budget = budget;
    this.sinks = sinks;
    this.events = events;
    this.nanoClock = nanoClock;
    this.millisClock = millisClock;
    this.scanner = new TreeScanner(this::reportUnreadable);
  }

  private static Supplier<List<TailRoot>> fixed(List<TailRoot> roots) {
    List<TailRoot> copy = List.copyOf(roots);
    return () -> copy;
  }

  /** The roots changed: scan them all at the next step. Any thread. */
  public void rescanSoon() {
    rescanRequested = true;
    wake();
  }

  /** Where to register directories for filesystem events (the watcher); called on the tail thread. */
  public void watchDirectoriesWith(Consumer<Path> watch) {
    this.directoryWatch = watch;
  }

  /**
   * Does one round of work: scan if due, read every due file until there is nothing more or the budget is full,
   * flush partial lines and close drained deleted files whose time has come.
   *
   * @return the time (on the nano clock) at which the next step is needed, unless woken earlier
   */
  public long step() {
    long now = nanoClock.getAsLong();
    if (!initialScanDone || now >= nextScanNanos) {
      rescanRequested = false;
      fullScan(now);
      nextScanNanos = now + settings.scanIntervalNanos();
    } else {
      if (rescanRequested) {
        rescanRequested = false;
        scanChangedRoots(now);
      }
      scanChangedDirectories();
    }
    retryHeld(now);
    boolean moreData = true;
    while (moreData && budget.hasRoom()) {
      moreData = readRound(now);
      now = nanoClock.getAsLong();
    }
    return timers(now);
  }

  /** Runs steps until the thread is interrupted or {@code running} says stop. */
  public void run(BooleanSupplier running) {
    parked = Thread.currentThread();
    while (running.getAsBoolean()) {
      long next = step();
      if (!budget.hasRoom()) {
        // Paused: acknowledgements wake this thread when they free memory; the timeout is only a safety net.
        LockSupport.parkNanos(this, settings.pollIntervalNanos());
        continue;
      }
      long wait = next - nanoClock.getAsLong();
      if (wait > 0 && changedDirectories.isEmpty() && !rescanRequested) {
        LockSupport.parkNanos(this, Math.min(wait, settings.pollIntervalNanos()));
      }
    }
  }

  /**
   * What to call when a file's checkpoint changed without an acknowledgement: a copy-truncate copy opened past its
   * start must be journaled at once, or a crash before its first acknowledgement would have it read from its start.
   */
  public void checkpointSoonWith(Runnable soon) {
    this.checkpointSoon = soon;
  }

  /** Wakes the tail thread (budget has room again, or a file changed). */
  public void wake() {
    Thread thread = parked;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Filesystem events in {@code directory}: its files are checked now, and when entries were created or removed
   * (a new file, a rename, an overflow) the directory is listed again. Any thread.
   */
  public void onDirectoryEvent(Path directory, boolean entriesChanged) {
    changedDirectories.merge(directory, entriesChanged, Boolean::logicalOr);
    wake();
  }

  /** The checkpoints of every open file, from their committed offsets. Any thread. */
  public List<FileCheckpoint> checkpoints() {
    List<FileCheckpoint> result = new ArrayList<>(files.size());
    for (TailedFile file : files.values()) {
      Fingerprint fingerprint = file.fingerprint; // before the progress, see changedCheckpoints
      long committed = file.committedOffset(file.progress);
      result.add(new FileCheckpoint(file.key, fingerprint, committed, file.path.toString(),
          file.contextAt(committed)));
    }
    return result;
  }

  /**
   * The checkpoints of the open files whose committed offset moved since the last call, for the journal. Only one
   * thread may call it (the checkpoint thread): it remembers what it returned.
   */
  public List<FileCheckpoint> changedCheckpoints() {
    List<FileCheckpoint> result = null;
    for (TailedFile file : files.values()) {
      // The fingerprint before the progress: a truncation replaces the progress first, so a new fingerprint is
      // never paired with the old content's offset (which would skip the new content's first bytes).
      Fingerprint fingerprint = file.fingerprint;
      FileProgress progress = file.progress;
      long committed = file.committedOffset(progress);
      if (committed == file.journaledOffset && progress == file.journaledProgress) {
        continue;
      }
      file.journaledOffset = committed;
      file.journaledProgress = progress;
      if (result == null) {
        result = new ArrayList<>();
      }
      result.add(new FileCheckpoint(file.key, fingerprint, committed, "", file.contextAt(committed)));
    }
    return result == null ? List.of() : result;
  }

  /** A snapshot of the open files for the status page and metrics. Any thread. */
  public List<FileStatus> status() {
    List<FileStatus> result = new ArrayList<>(files.size());
    for (TailedFile file : files.values()) {
      result.add(new FileStatus(file.source().containerPath(), file.source().component(), file.sizeSeen, file.readOffset,
          file.progress.committedOffset(), file.deleted()));
    }
    return result;
  }

  /** The number of files open. Any thread. */
  public int openFiles() {
    return files.size();
  }

  /** Bytes written to each open file but not yet committed, summed, and the largest. One pass, no copy. Any thread. */
  public Lag lag() {
    long total = 0;
    long max = 0;
    for (TailedFile file : files.values()) {
      long lag = Math.max(0, file.sizeSeen - file.progress.committedOffset());
      total += lag;
      max = Math.max(max, lag);
    }
    return new Lag(total, max);
  }

  /** See {@link #lag()}. */
  public record Lag(long totalBytes, long largestFileBytes) {}

  /** The number of directories raylog knows under the roots (tests; a bounded-memory check). */
  int knownDirectories() {
    return sessionOfDirectory.size();
  }

  /** Closes every open file; the tail thread must have stopped. */
  public void closeAll() {
    files.values().forEach(TailedFile::close);
    files.clear();
    byPath.clear();
  }

  // ---- discovery ----

  private void fullScan(long now) {
    unreadableThisScan.clear();
    Map<FileKey, FoundFile> found = new HashMap<>();
    Set<Path> directories = new HashSet<>();
    List<TailRoot> current = roots.get();
    scannedRoots = new HashSet<>(current);
    for (TailRoot root : current) {
      scanRoot(root, f -> found.put(f.key(), f), directories::add);
    }
    // Forget directories that are gone (old sessions cleaned up), so that what raylog remembers stays bounded by
    // what exists.
    sessionOfDirectory.keySet().retainAll(directories);
    for (TailedFile file : files.values()) {
      if (!found.containsKey(file.key) && !file.deleted()) {
        markDeleted(file, now);
      }
    }
    if (!initialScanDone && !restored.isEmpty()) {
      // Files checkpointed under their key first: one truncated while raylog was down must be known before its
      // copy is opened (see TruncatedContents).
      found.values().stream().filter(f -> restored.containsKey(f.key())).forEach(f -> reconcile(f, now));
      found.values().stream().filter(f -> !files.containsKey(f.key())).forEach(f -> reconcile(f, now));
    } else {
      found.values().forEach(f -> reconcile(f, now));
    }
    unreadableReported.retainAll(unreadableThisScan);
    recentlyClosed.values().removeIf(c -> now - c.closedAtNanos() > settings.deletedFileGraceNanos());
    initialScanDone = true;
    if (!restored.isEmpty()) {
      // Forget only the checkpoints of files the scan did not find. One it found but could not open (renamed
      // between the listing and the open, by a rotation) keeps its checkpoint until the next scan opens it under
      // its new name; forgetting it would have that file read again from its start.
      int before = restored.size();
      restored.keySet().retainAll(found.keySet());
      if (restored.size() < before) {
        log.info("{} checkpointed files no longer exist; forgetting them", before - restored.size());
      }
    }
    changedDirectories.clear();
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

  private void markDeleted(TailedFile file, long now) {
    file.deletedAtNanos = now;
    file.nextCheckNanos = now;
    byPath.remove(file.path, file);
    events.deleted(file.source().component());
  }

  /**
   * The roots changed (a pod came or went): scan only the new roots, and treat the files of the removed ones as
   * deleted (read to their end, then closed), so that a pod event costs the pod's files, not the node's. A root
   * replaced by an equal directory with other metadata (a reused pod name) is forgotten and found again at once.
   */
  private void scanChangedRoots(long now) {
    List<TailRoot> current = roots.get();
    Set<TailRoot> currentSet = new HashSet<>(current);
    for (TailRoot gone : scannedRoots) {
      if (!currentSet.contains(gone)) {
        sessionOfDirectory.values().removeIf(session -> session.root().equals(gone));
        for (TailedFile file : files.values()) {
          if (!file.deleted() && isUnder(file.path, gone)) {
            markDeleted(file, now);
          }
        }
      }
    }
    for (TailRoot root : current) {
      if (!scannedRoots.contains(root)) {
        scanRoot(root, f -> reconcile(f, now), dir -> {});
      }
    }
    scannedRoots = currentSet;
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
   * root's creation then shows as an event there, which triggers a scan, instead of waiting for the next one.
   */
  private static Path nearestExisting(Path dir) {
    Path candidate = dir;
    while (candidate.getParent() != null && !java.nio.file.Files.isDirectory(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate;
  }

  private void scanChangedDirectories() {
    if (changedDirectories.isEmpty()) {
      return;
    }
    Map<Path, Boolean> changed = new HashMap<>();
    for (Path dir : changedDirectories.keySet()) {
      Boolean entries = changedDirectories.remove(dir);
      if (entries != null) {
        changed.put(dir, entries);
      }
    }
    long now = nanoClock.getAsLong();
    for (TailedFile file : byPath.values()) {
      if (changed.containsKey(file.path.getParent())) {
        file.nextCheckNanos = now;
      }
    }
    for (Map.Entry<Path, Boolean> entry : changed.entrySet()) {
      Path dir = entry.getKey();
      SessionDir session = sessionOfDirectory.get(dir);
      if (session == null) {
        // A root, a session dir or the ancestor of a root not created yet changed: a new session or root may have
        // appeared. Scan the roots concerned, or all of them if none is (the event came from elsewhere).
        List<TailRoot> concerned = rootsConcerned(dir);
        if (concerned.isEmpty()) {
          nextScanNanos = now;
        }
        concerned.forEach(root -> scanRoot(root, f -> reconcile(f, now), d -> {}));
      } else if (entry.getValue()) {
        scanner.list(session, dir, f -> reconcile(f, now),
            sub -> {
              if (!sessionOfDirectory.containsKey(sub)) {
                scanner.walk(session, sub, f -> reconcile(f, now), d -> seeDirectory(d, session));
              }
            });
      }
    }
  }

  private void seeDirectory(Path dir, SessionDir session) {
    if (sessionOfDirectory.putIfAbsent(dir, session) == null) {
      directoryWatch.accept(dir);
    }
  }

  private void reconcile(FoundFile found, long now) {
    TailedFile known = files.get(found.key());
    if (known == null) {
      open(found, now);
      return;
    }
    if (!known.path.equals(found.path())) {
      byPath.remove(known.path, known);
      known.path = found.path();
      known.renamed(sourceOf(found));
      byPath.put(found.path(), known);
      known.nextCheckNanos = now;
      events.rotated(known.source().component());
    }
    if (known.deleted()) {
      known.deletedAtNanos = -1; // it was only moved out of sight between two scans
      byPath.put(found.path(), known);
    }
  }

  private void open(FoundFile found, long now) {
    if (files.size() >= settings.maxOpenFiles()) {
      if (!openLimitReported) {
        log.warn("{} files are open, the tail.max_open_files limit; further files wait until others close",
            files.size());
        openLimitReported = true;
      }
      return;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(found.path(), StandardOpenOption.READ);
    } catch (IOException | SecurityException e) {
      unreadableThisScan.add(found.path());
      if (unreadableReported.add(found.path())) {
        log.warn("cannot open {}: {}; will retry at every scan", found.path(), e.toString());
        events.openFailed(found.path(), e);
      }
      return;
    }
    try {
      FileKey key = FileKey.of(found.path());
      if (!key.equals(found.key())) {
        channel.close(); // replaced between the scan and the open: the next scan sees the new file
        return;
      }
      Fingerprint fingerprint = Fingerprint.read(channel);
      FileCheckpoint checkpoint = restored.remove(found.key());
      ClosedFile closed = recentlyClosed.remove(found.key());
      long start;
      if (checkpoint == null && closed != null && resumes(closed.checkpoint(), channel, fingerprint)) {
        checkpoint = closed.checkpoint(); // it was only out of sight: on from where it was
        start = checkpoint.offset();
      } else {
        start = startOffset(checkpoint, found, channel, fingerprint, now);
      }
      WorkerContext context = checkpoint != null && start == checkpoint.offset() ? checkpoint.worker() : null;
      TruncatedContents.CopyStart copy = null;
      if (context == null) {
        copy = copyStart(found, key, fingerprint, now);
        if (copy == HELD) {
          channel.close();
          return;
        }
        if (copy != null) {
          log.info("{} is a copy of content truncated away from another file (copy-truncate); reading it from offset"
              + " {}, where that content was read to", found.path(), copy.offset());
          start = copy.offset();
        }
      }
      truncatedContents.release(key);
      SourceFile source = sourceOf(found);
      TailedFile file = new TailedFile(key, channel, found.path(), source, start, fingerprint,
          settings.maxLineBytes(), sinks, events, now, settings.parse(), context);
      if (copy != null && copy.progress() != null) {
        file.continues(copy.progress(), copy.offset());
      }
      files.put(key, file);
      if (copy != null) {
        checkpointSoon.run();
      }
      byPath.put(found.path(), file);
      unreadableReported.remove(found.path());
      events.opened(source.component());
    } catch (IOException e) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
      events.openFailed(found.path(), e);
    }
  }

  /** Whether a file found again is the one closed under its key (not a new file on a reused inode). */
  private static boolean resumes(FileCheckpoint closed, FileChannel channel, Fingerprint current) throws IOException {
    return StartPosition.sameFile(closed, comparable(closed, channel, current), channel.size());
  }

  /** The file's fingerprint over as many bytes as {@code checkpoint}'s, so that the two can be compared. */
  private static Fingerprint comparable(FileCheckpoint checkpoint, FileChannel channel, Fingerprint current)
      throws IOException {
    int length = checkpoint.fingerprint().length();
    return length == current.length() ? current : Fingerprint.read(channel, length);
  }

  private static final TruncatedContents.CopyStart HELD = new TruncatedContents.CopyStart(-1, null);

  /**
   * Where a new file starts when it is the copy of a truncated content, null when it is not a copy, or {@link #HELD}
   * when it has the first bytes of an open file not seen truncated yet (the copy seen before the truncation).
   */
  private TruncatedContents.CopyStart copyStart(FoundFile found, FileKey key, Fingerprint fingerprint, long now)
      throws IOException {
    TruncatedContents.CopyStart start = truncatedContents.copyStart(key, fingerprint, now);
    if (start != null || !fingerprint.isComplete()) {
      return start;
    }
    if (!initialScanDone) {
      // After a restart, a copy made while raylog was down may be found before the file it was copied from: look
      // again once the first scan has opened every checkpointed file (and so learnt which were truncated). Not on
      // the very first start, where read_from applies to the first scan only.
      return firstStart ? null : truncatedContents.hold(found, now) ? HELD : null;
    }
    for (TailedFile original : files.values()) {
      if (!original.key.equals(key) && fingerprint.equals(original.fingerprint)) {
        long size = original.size();
        if (size < original.readOffset || (size > original.readOffset && original.rewritten())) {
          truncate(original, now); // the truncation is there already: the copy continues its content
          return truncatedContents.copyStart(key, fingerprint, now);
        }
        return truncatedContents.hold(found, now) ? HELD : null;
      }
    }
    return null;
  }

  /** Files held back as possible copies: opened now if their original was truncated meanwhile, or held longer. */
  private void retryHeld(long now) {
    for (FoundFile found : truncatedContents.takeHeld()) {
      if (files.containsKey(found.key())) {
        continue;
      }
      try {
        if (FileKey.of(found.path()).equals(found.key())) {
          reconcile(found, now);
          continue;
        }
      } catch (IOException e) {
        // gone or replaced: the scans find what is there now
      }
      truncatedContents.release(found.key());
    }
  }

  private long startOffset(FileCheckpoint checkpoint, FoundFile found, FileChannel channel, Fingerprint current,
      long now) throws IOException {
    Fingerprint comparable = checkpoint == null ? current : comparable(checkpoint, channel, current);
    long start = StartPosition.of(checkpoint, comparable, channel.size(), !initialScanDone && firstStart,
        settings.readNewFilesFromEndOnFirstStart());
    if (checkpoint != null && start != checkpoint.offset()) {
      log.info("{} is not the file checkpointed under its inode (reused inode, or truncated while raylog was down);"
          + " reading it from the start", found.path());
      truncatedContents.truncatedWhileDown(checkpoint.key(), checkpoint.fingerprint(), checkpoint.offset(), now);
    }
    return start;
  }

  private static SourceFile sourceOf(FoundFile found) {
    String relative = found.relativePath();
    TailRoot root = found.session().root();
    boolean containerLog = root.layout() == TailRoot.Layout.CONTAINER_LOGS;
    // A container log's name (0.log) says nothing about Ray: its lines do.
    RayFileName name = containerLog ? RayFileName.UNKNOWN : RayFileNames.classify(relative);
    return new SourceFile(found.session().session(), relative, name, found.session().containerPath(relative),
        root.pod(), containerLog, found.path(), found.key().toString());
  }

  private void reportUnreadable(Path path, IOException error) {
    unreadableThisScan.add(path);
    if (unreadableReported.add(path)) {
      log.warn("cannot read {}: {}; skipping it, will retry at every scan", path, error.toString());
      events.openFailed(path, error);
    }
  }

  // ---- reading ----

  /** One fair round: every due file gets at most one chunk. True when some file had more data. */
  private boolean readRound(long now) {
    List<TailedFile> order = new ArrayList<>(files.values());
    int n = order.size();
    if (n == 0) {
      return false;
    }
    boolean more = false;
    roundStart = (roundStart + 1) % n;
    for (int k = 0; k < n; k++) {
      if (!budget.hasRoom()) {
        return false;
      }
      TailedFile file = order.get((roundStart + k) % n);
      if (file.nextCheckNanos <= now && readOnce(file, now)) {
        more = true;
      }
    }
    return more;
  }

  private boolean readOnce(TailedFile file, long now) {
    try {
      long size = file.size();
      if (size < file.readOffset || (size > file.readOffset && file.rewritten())) {
        truncate(file, now);
      }
      long before = file.readOffset;
      RecordChunk chunk = file.read(settings.readChunkBytes(), size, millisClock.getAsLong());
      if (chunk == null) {
        file.idleBackoffNanos = Math.min(settings.pollIntervalNanos(),
            Math.max(MIN_IDLE_BACKOFF_NANOS, file.idleBackoffNanos * 2));
        file.nextCheckNanos = now + file.idleBackoffNanos;
        return false;
      }
      file.idleBackoffNanos = 0;
      file.lastDataNanos = now;
      file.nextCheckNanos = now;
      events.read(file.source().component(), file.linesInLastRead, file.readOffset - before);
      publish(file.source().component(), chunk);
      return file.sizeSeen > file.readOffset;
    } catch (IOException e) {
      log.warn("reading {} failed: {}; will retry", file.path, e.toString());
      file.nextCheckNanos = now + settings.pollIntervalNanos();
      return false;
    }
  }

  private void truncate(TailedFile file, long now) throws IOException {
    log.info("{} was truncated (copy-truncate?) from {} to {} bytes; reading it again from the start",
        file.path, file.readOffset, file.sizeSeen);
    events.truncated(file.source().component());
    truncatedContents.truncated(file, now);
    publish(file.source().component(), file.truncated(millisClock.getAsLong()));
  }

  private void publish(String component, RecordChunk chunk) {
    if (chunk != null && !chunk.isEmpty()) {
      events.emitted(component, chunk.size());
      publisher.accept(chunk);
    }
  }

  // ---- timers ----

  /** Partial-line timeouts and the closing of deleted files; returns the next time anything is due. */
  private long timers(long now) {
    long next = initialScanDone ? nextScanNanos : now;
    if (truncatedContents.holding()) {
      next = Math.min(next, now + settings.pollIntervalNanos() / 4); // look again soon for the truncation
    }
    for (TailedFile file : files.values()) {
      if (file.hasPartialLine()) {
        long flushAt = file.lastDataNanos + settings.partialLineTimeoutNanos();
        boolean due = now >= flushAt || file.deleted();
        // Only a line that is really unfinished is shipped alone: when reading is behind (paused by the memory
        // limit, or a long round), the rest of the line may already be in the file, unread.
        if (due && currentSize(file) <= file.readOffset) {
          publish(file.source().component(), file.flushPartial(millisClock.getAsLong()));
        } else if (!due) {
          next = Math.min(next, flushAt);
        }
      }
      if (file.hasOpenRecord() && !file.hasPartialLine()) {
        long flushAt = file.lastDataNanos + settings.parse().multilineTimeoutNanos();
        boolean due = now >= flushAt || file.deleted();
        if (due && currentSize(file) <= file.readOffset) {
          publish(file.source().component(), file.flushOpenRecord(millisClock.getAsLong()));
        } else if (!due) {
          next = Math.min(next, flushAt);
        }
      }
      file.settleSkippedLines();
      if (file.deleted()) {
        boolean drained = currentSize(file) <= file.readOffset && !file.hasPartialLine() && !file.hasOpenRecord();
        boolean graceOver = now - file.deletedAtNanos >= settings.deletedFileGraceNanos();
        if (drained || graceOver) {
          if (!drained) {
            long unread = Math.max(0, file.sizeSeen - file.readOffset);
            log.warn("{} was deleted with {} bytes unread after the {} s grace time; closing it",
                file.path, unread, settings.deletedFileGraceNanos() / 1_000_000_000L);
            events.dropped("deleted_before_read", unread);
          }
          long committed = file.progress.committedOffset();
          recentlyClosed.put(file.key, new ClosedFile(new FileCheckpoint(file.key, file.fingerprint, committed,
              file.path.toString(), file.contextAt(committed)), now));
          close(file);
          continue;
        }
      }
      next = Math.min(next, file.nextCheckNanos);
    }
    return next;
  }

  /** The size now, not as last seen: a deleted file may have grown since its last read. */
  private static long currentSize(TailedFile file) {
    try {
      return file.size();
    } catch (IOException e) {
      return file.sizeSeen;
    }
  }

  private void close(TailedFile file) {
    file.close();
    files.remove(file.key, file);
    byPath.remove(file.path, file);
    openLimitReported = false;
    events.closed(file.source().component());
  }
}
