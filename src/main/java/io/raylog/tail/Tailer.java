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
import io.raylog.tail.spool.Spool;
import io.raylog.tail.spool.SpoolUsage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every file under the roots. It applies what {@link TreeDiff} finds (files appeared, moved, changed,
 * vanished), opens files where {@link StartPlanner} says, lends them the descriptors {@link Descriptors} has, reads the
 * files {@link ReadSchedule} says are due, fairly (at most one chunk per file per round, so a chatty file never
 * starves a quiet one), and publishes their records. Each file's life is {@link TailedFile}'s state machine.
 * Reading stops while the memory budget is full and resumes when it has room.
 *
 * <p>Work is proportional to what changes: a file is looked at when an event names it, when a timer of its own is
 * due, or, where no event can tell (a directory without a watch, a deleted file), when its poll comes; the backstop
 * scan of every file runs every scan interval.
 *
 * <p>Thread-safety: {@link #step} runs on one thread (the tail thread, or a test). {@link #wake},
 * {@link #onDirectoryEvent}, {@link #checkpoints} and the status methods may be called from any thread;
 * {@link #changedCheckpoints} from one thread at a time.
 */
public final class Tailer {
  private static final Logger log = LoggerFactory.getLogger(Tailer.class);
  private static final long MIN_IDLE_BACKOFF_NANOS = 2_000_000;
  /** How often files held back (possible copies) are looked at again. */
  private static final long HELD_RETRY_NANOS = 50_000_000;
  /** More names than this pending for one directory are treated as a lost queue: the directory is scanned. */
  private static final int MAX_PENDING_NAMES = 4096;

  private final TailSettings settings;
  private final Consumer<RecordChunk> publisher;
  private final MemoryBudget budget;
  private final TailEvents events;
  private final int sinks;
  private final LongSupplier nanoClock;
  private final LongSupplier millisClock;

  private final KnownFiles known = new KnownFiles();
  private final TreeDiff diff;
  private final StartPlanner planner;
  private final ReadSchedule schedule = new ReadSchedule();
  private final Descriptors descriptors;
  private final UnreadablePaths unreadable;
  /** Files found that wait for a descriptor, in the order found; true for those the first scan found. */
  private final LinkedHashMap<FileKey, Waiting> waitingToOpen = new LinkedHashMap<>();
  /** Released files not compacted yet, because records they read were not all acknowledged when released. */
  private final java.util.ArrayDeque<TailedFile> toCompact = new java.util.ArrayDeque<>();
  /** Released files that changed and wait for a descriptor. */
  private final LinkedHashSet<TailedFile> waitingToReopen = new LinkedHashSet<>();
  /** Directories with filesystem events since the last step, and what the events named. */
  private final ConcurrentHashMap<Path, PendingEvents> changedDirectories = new ConcurrentHashMap<>();
  /** Files whose committed offset may have moved since {@link #changedCheckpoints} last looked (any thread adds). */
  private final Set<TailedFile> progressed = ConcurrentHashMap.newKeySet();
  /** Deleted files whose unacknowledged rest was copied into the spool; none until {@link #spoolWith}. */
  private volatile SpooledFiles spooled;

  private record Waiting(FoundFile found, boolean foundByFirstScan) {}

  /** Names an event reported in one directory; mutated only inside the map's compute, so none is lost. */
  private static final class PendingEvents {
    final Set<Path> names = new HashSet<>();
    boolean overflow;
  }

  /** Which directories report their files' changes by events (the others are polled). */
  private Predicate<Path> eventsReported = dir -> false;
  /** Told of every file closed (retention keeps those whose directory stays on disk: a deleted pod's, hostPath). */
  private Consumer<ReadFile> closedFiles;
  /** Asks for the checkpoints to be journaled soon, when one changed without an acknowledgement (a copy found). */
  private Runnable checkpointSoon = () -> {};

  /** Set when the roots changed (a pod came or went): the next step scans the new roots and forgets the old. */
  private volatile boolean rescanRequested;
  private boolean initialScanDone;
  private long nextScanNanos;
  private long nextIdleReleaseNanos;
  private boolean descriptorCapReported;
  private volatile Thread parked;

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
    this.settings = settings;
    this.publisher = publisher;
    this.budget = budget;
    this.sinks = sinks;
    this.events = events;
    this.nanoClock = nanoClock;
    this.millisClock = millisClock;
    this.unreadable = new UnreadablePaths(events);
    this.diff = new TreeDiff(roots, new TreeScanner(unreadable::cannotRead), known);
    this.planner = new StartPlanner(restored, firstStart, settings.readNewFilesFromEndOnFirstStart(),
        settings.deletedFileGraceNanos());
    this.spooled = new SpooledFiles(Spool.disabled(), events);
    this.descriptors = new Descriptors(settings.maxOpenFiles(), settings.closeInactiveNanos(),
        new Descriptors.Listener() {
          @Override
          public void grew(TailedFile file) {
            schedule.noLaterThan(file, nanoClock.getAsLong());
          }

          @Override
          public void released(TailedFile file) {
            toCompact.add(file);
          }
        });
  }

  private static Supplier<List<TailRoot>> fixed(List<TailRoot> roots) {
    List<TailRoot> copy = List.copyOf(roots);
    return () -> copy;
  }

  // ---- wiring, any thread ----

  /** The roots changed: scan them all at the next step. Any thread. */
  public void rescanSoon() {
    rescanRequested = true;
    wake();
  }

  /**
   * Where to register directories for filesystem events (the watcher), and which directories do report their
   * events (a directory the watcher could not register, or all of them when it is unavailable, is polled).
   */
  public void watchDirectoriesWith(Consumer<Path> watch, Predicate<Path> reported) {
    diff.watchDirectoriesWith(watch);
    this.eventsReported = reported;
  }

  /**
   * What to call when a file's checkpoint changed without an acknowledgement: a copy-truncate copy opened past its
   * start must be journaled at once, or a crash before its first acknowledgement would have it read from its start.
   */
  public void checkpointSoonWith(Runnable soon) {
    this.checkpointSoon = soon;
  }

  /**
   * What to tell of every file the tailer closes (it left the tree, or its root went away), with its progress, whose
   * acknowledgements go on arriving after it is closed. Called on the tail thread; must be quick.
   */
  public void closedFilesTo(Consumer<ReadFile> listener) {
    this.closedFiles = listener;
  }

  /**
   * Where deleted files with bytes no sink acknowledged yet are copied (see {@link SpooledFiles}); the copies the
   * last run left there are shipped first. Before the first step.
   */
  public void spoolWith(Spool spool) throws IOException {
    spooled = new SpooledFiles(spool, events);
    long now = nanoClock.getAsLong();
    for (TailedFile file : spooled.restore(planner::takeRestored, this::lines, sinks, now, progressed::add)) {
      progressed.add(file); // journaled under its spool key at once
      schedule.set(file, now);
    }
  }

  /** Wakes the tail thread (budget has room again, or a file changed). */
  public void wake() {
    Thread thread = parked;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Filesystem events in {@code directory}, naming the entries created, modified or removed ({@code names},
   * relative to it), or {@code overflow} when events were lost. Any thread.
   */
  public void onDirectoryEvent(Path directory, Collection<Path> names, boolean overflow) {
    changedDirectories.compute(directory, (dir, pending) -> {
      PendingEvents result = pending == null ? new PendingEvents() : pending;
      if (overflow || result.names.size() + names.size() > MAX_PENDING_NAMES) {
        result.overflow = true;
        result.names.clear();
      } else if (!result.overflow) {
        result.names.addAll(names);
      }
      return result;
    });
    wake();
  }

  // ---- the loop ----

  /**
   * Does one round of work: look at what changed on disk, open what waits for a descriptor, read every due file
   * until there is nothing more or the budget is full, and release idle descriptors.
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
        apply(diff.rootsChanged(), now);
      }
      directoryEvents(now);
    }
    retryHeld(now);
    boolean admitted;
    do {
      admitted = admitWaiting(now);
      while (budget.hasRoom() && readRound(now)) {
        now = nanoClock.getAsLong();
      }
    } while (admitted && budget.hasRoom() && hasWaiting());
    if (!budget.hasRoom()) {
      timersWhilePaused(now);
    }
    if (now >= nextIdleReleaseNanos) {
      nextIdleReleaseNanos = Math.min(descriptors.releaseIdle(now), now + settings.closeInactiveNanos());
    }
    compactReleased();
    long next = Math.min(Math.min(nextScanNanos, schedule.nextNanos()), nextIdleReleaseNanos);
    if (planner.holding()) {
      // Look again soon: for the truncation of a copy's original, or at a new file settled.
      next = Math.min(next, now + Math.min(settings.pollIntervalNanos() / 4, HELD_RETRY_NANOS));
    }
    if (hasWaiting() && descriptors.held() > 0) {
      next = Math.min(next, now + settings.pollIntervalNanos()); // a descriptor may free up as files reach their end
    }
    return next;
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
        // The bound only guards against a lost wake-up; events, pods and the budget wake the thread.
        LockSupport.parkNanos(this, Math.min(wait, settings.scanIntervalNanos()));
      }
    }
  }

  /**
   * Compacts the released files whose records are all acknowledged, oldest release first. Sinks acknowledge in the
   * order records were read, so the first file not acknowledged yet ends the pass: the cost is the files compacted,
   * not the files waiting.
   */
  private void compactReleased() {
    while (!toCompact.isEmpty()) {
      TailedFile file = toCompact.peek();
      if (file.released() && !file.compact()) {
        return;
      }
      toCompact.poll();
    }
  }

  private boolean hasWaiting() {
    return !waitingToOpen.isEmpty() || !waitingToReopen.isEmpty();
  }

  // ---- discovery: applying the changes ----

  private void fullScan(long now) {
    // What the events so far could say, the scan sees; the ones that come while it runs are kept for the next step,
    // since the scan may have passed their file already.
    changedDirectories.clear();
    unreadable.scanStarted();
    long started = nanoClock.getAsLong();
    TreeDiff.Scan scan = diff.fullScan(!initialScanDone && planner.anyRestored());
    events.scanned(scan.files(), nanoClock.getAsLong() - started);
    List<FileChange> changes = scan.changes();
    if (!initialScanDone && planner.anyRestored()) {
      // Files checkpointed under their key first: one truncated while raylog was down must be known before its
      // copy is opened (see TruncatedContents).
      List<FileChange> ordered = new ArrayList<>(changes.size());
      changes.stream().filter(c -> c instanceof FileChange.Appeared a && planner.hasRestored(a.found().key()))
          .forEach(ordered::add);
      changes.stream().filter(c -> !(c instanceof FileChange.Appeared a && planner.hasRestored(a.found().key())))
          .forEach(ordered::add);
      changes = ordered;
    }
    apply(changes, now);
    Set<Path> waiting = new HashSet<>();
    waitingToOpen.values().forEach(w -> waiting.add(w.found().path()));
    unreadable.scanEnded(waiting); // a path waiting for its turn to open is still unreadable, not recovered
    planner.expire(now);
    if (!initialScanDone) {
      initialScanDone = true;
      admitWaiting(now); // the first scan's files open as first-scan files, as far as descriptors go
      if (planner.anyRestored()) {
        planner.forgetRestoredExcept(scan.found());
      }
    }
  }

  private void directoryEvents(long now) {
    for (Path dir : changedDirectories.keySet()) {
      PendingEvents pending = changedDirectories.remove(dir);
      if (pending == null) {
        continue;
      }
      List<FileChange> changes = diff.directoryEvents(dir, pending.names, pending.overflow);
      if (changes == null) {
        nextScanNanos = now; // only a scan can tell: the next step does one
      } else {
        apply(changes, now);
      }
    }
  }

  private void apply(List<FileChange> changes, long now) {
    for (FileChange change : changes) {
      if (change instanceof FileChange.Appeared a) {
        appeared(a.found());
      } else if (change instanceof FileChange.Moved m) {
        moved(m.file(), m.found(), now);
      } else if (change instanceof FileChange.Changed c) {
        schedule.noLaterThan(c.file(), now);
      } else if (change instanceof FileChange.Vanished v) {
        vanished(v.file(), now);
      }
    }
  }

  private void appeared(FoundFile found) {
    Waiting before = waitingToOpen.get(found.key());
    waitingToOpen.put(found.key(), new Waiting(found, before != null ? before.foundByFirstScan() : !initialScanDone));
  }

  private void moved(TailedFile file, FoundFile found, long now) {
    if (file.deleted()) {
      file.reappeared(); // it was only moved out of sight between two looks
    }
    if (!file.path.equals(found.path())) {
      file.renamed(found.path(), sourceOf(found.session(), found.path(), file.key));
      events.rotated(file.component());
    }
    schedule.noLaterThan(file, now);
  }

  private void vanished(TailedFile file, long now) {
    switch (file.state()) {
      case FOLLOWING -> {
        file.vanished(now);
        events.deleted(file.component());
        schedule.noLaterThan(file, now); // read to its end, then closed
      }
      case RELEASED -> {
        // Released only when read to its end with every line shipped: nothing is left to read or to flush.
        events.deleted(file.component());
        close(file, now);
      }
      default -> {}
    }
  }

  // ---- opening ----

  /**
   * Opens files that wait for a descriptor, as long as one can be had (released from a file read to its end).
   *
   * @return whether any was opened
   */
  private boolean admitWaiting(long now) {
    boolean any = false;
    while (hasWaiting()) {
      if (!descriptors.makeRoom()) {
        if (!descriptorCapReported) {
          log.info("{} files hold descriptors (tail.max_open_files); {} more wait until one of them is read to its"
              + " end", descriptors.held(), waitingToOpen.size() + waitingToReopen.size());
          descriptorCapReported = true;
        }
        return any;
      }
      if (!waitingToReopen.isEmpty()) {
        Iterator<TailedFile> first = waitingToReopen.iterator();
        TailedFile file = first.next();
        first.remove();
        any |= reopen(file, now);
      } else {
        Iterator<Waiting> first = waitingToOpen.values().iterator();
        Waiting waiting = first.next();
        first.remove();
        any |= open(waiting.found(), !waiting.foundByFirstScan(), now);
      }
    }
    descriptorCapReported = false;
    return any;
  }

  private boolean open(FoundFile found, boolean initialScanOver, long now) {
    if (known.get(found.key()) != null) {
      return false; // opened meanwhile under another name
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(found.path(), StandardOpenOption.READ);
    } catch (java.nio.file.NoSuchFileException e) {
      return false; // deleted (or renamed) while it waited: the looks that follow find where it went
    } catch (IOException | SecurityException e) {
      unreadable.cannotOpen(found.path(), e);
      return false;
    }
    try {
      if (!FileKey.of(found.path()).equals(found.key())) {
        channel.close(); // replaced between the look and the open: the next look sees the new file
        return false;
      }
      Fingerprint fingerprint = Fingerprint.read(channel);
      FileStart start = planner.plan(found, channel, fingerprint, now, initialScanOver, known::withFingerprint,
          original -> truncate(original, now));
      if (start instanceof FileStart.Hold) {
        channel.close();
        return false;
      }
      TailedFile file = followed(found, channel, fingerprint, start, now);
      known.add(file);
      if (file.readOffset > 0) {
        // Its checkpoint is journaled now, not at its first acknowledgement, which may never come (a copy read to
        // its end already, a file started at its end): a crash before that would read it again from its start.
        progressed.add(file);
        if (start instanceof FileStart.Continuation) {
          checkpointSoon.run(); // at once: a copy-truncate copy is the common case
        }
      }
      descriptors.acquired(file);
      schedule.set(file, now);
      unreadable.readable(found.path());
      events.opened(file.component());
      return true;
    } catch (IOException e) {
      closeQuietly(channel);
      events.openFailed(found.path(), e);
      return false;
    }
  }

  private TailedFile followed(FoundFile found, FileChannel channel, Fingerprint fingerprint, FileStart start, long now) {
    FileKey key = found.key();
    long offset = start instanceof FileStart.Resume r ? r.offset()
        : start instanceof FileStart.Continuation c ? c.offset() : ((FileStart.New) start).offset();
    WorkerContext context = start instanceof FileStart.Resume r ? r.context() : null;
    FileLines lines = lines(sourceOf(found.session(), found.path(), key), context);
    TailedFile file = new TailedFile(key, channel, found.path(), found.session(), lines, offset, fingerprint, sinks, now,
        progressed::add);
    FileProgress before = start instanceof FileStart.Resume r ? r.before()
        : start instanceof FileStart.Continuation c ? c.predecessor() : null;
    if (before != null) {
      file.continues(before, offset);
    }
    if (start instanceof FileStart.New) {
      file.skippedBytes = offset; // read_from: end on a first start
    }
    return file;
  }

  private FileLines lines(SourceFile source, WorkerContext context) {
    return new FileLines(source, settings.maxLineBytes(), events, settings.parse(), context);
  }

  /** Gives a released file that changed its descriptor back, if it is still the same file at its path. */
  private boolean reopen(TailedFile file, long now) {
    if (!file.released()) {
      return false;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file.path, StandardOpenOption.READ);
    } catch (IOException | SecurityException e) {
      return false; // gone or moved: the events of its new place, or the next scan, say what became of it
    }
    try {
      if (!FileKey.of(file.path).equals(file.key)) {
        channel.close(); // another file at its path now: the scans say where it went
        return false;
      }
    } catch (IOException e) {
      closeQuietly(channel);
      return false;
    }
    file.reopen(channel, context -> lines(sourceOf(file.session, file.path, file.key), context));
    descriptors.acquired(file);
    schedule.set(file, now);
    return true;
  }

  /** Files held back as possible copies: opened now if their original was truncated meanwhile, or held longer. */
  private void retryHeld(long now) {
    for (FoundFile found : planner.takeHeld()) {
      if (known.get(found.key()) != null) {
        continue;
      }
      try {
        if (FileKey.of(found.path()).equals(found.key())) {
          if (descriptors.makeRoom()) {
            open(found, true, now);
          } else {
            appeared(found);
          }
          continue;
        }
      } catch (IOException e) {
        // gone or replaced: the scans find what is there now
      }
      planner.forgetHeld(found.key());
    }
  }

  private static SourceFile sourceOf(SessionDir session, Path path, FileKey key) {
    String relative = relativePath(session, path);
    TailRoot root = session.root();
    boolean containerLog = root.layout() == TailRoot.Layout.CONTAINER_LOGS;
    // A container log's name (0.log) says nothing about Ray: its lines do.
    RayFileName name = containerLog ? RayFileName.UNKNOWN : RayFileNames.classify(relative);
    return new SourceFile(session.session(), relative, name, session.containerPath(relative), root.pod(), containerLog,
        path, key.toString());
  }

  private static String relativePath(SessionDir session, Path path) {
    return session.logsDir().relativize(path).toString().replace('\\', '/');
  }

  // ---- reading ----

  /**
   * One fair round: every due file gets at most one look (one chunk). True when some file had more data, so that
   * another round is due at once.
   */
  private boolean readRound(long now) {
    List<TailedFile> due = schedule.takeDue(now);
    boolean more = false;
    for (int i = 0; i < due.size(); i++) {
      TailedFile file = due.get(i);
      if (!budget.hasRoom()) {
        schedule.set(file, now); // its turn comes when the budget has room again
        continue;
      }
      more |= look(file, now);
    }
    return more;
  }

  /**
   * Reading is paused (the memory limit): the due files' timers still run, so that a deleted file is closed after its
   * grace time even while the sinks are stuck. They stay due, to be read when the budget has room.
   */
  private void timersWhilePaused(long now) {
    for (TailedFile file : schedule.takeDue(now)) {
      if (file.state() != FileState.CLOSED) {
        timers(file, now);
      }
      if (file.state() != FileState.CLOSED) {
        schedule.set(file, now);
      }
    }
  }

  /** A due file: read once (or see whether a released one changed), then its timers. True when it has more data. */
  private boolean look(TailedFile file, long now) {
    switch (file.state()) {
      case RELEASED -> {
        return lookReleased(file, now); // reopened: it is read in the next round
      }
      case CLOSED -> {
        return false;
      }
      default -> {
        boolean more = readOnce(file, now);
        if (more) {
          schedule.set(file, now);
        } else if (file.state() != FileState.CLOSED) {
          schedule.set(file, timers(file, now));
        }
        return more;
      }
    }
  }

  private boolean readOnce(TailedFile file, long now) {
    try {
      long size = file.size();
      if (size < file.readOffset || (size > file.readOffset && file.rewritten())) {
        truncate(file, now);
      }
      long before = file.readOffset;
      Fingerprint fingerprintBefore = file.fingerprint;
      RecordChunk chunk = file.read(settings.readChunkBytes(), size, millisClock.getAsLong());
      if (chunk == null) {
        return false;
      }
      if (!file.spooled()) {
        known.indexFingerprint(file, fingerprintBefore); // a copy is no file a copy-truncate copy could continue
      }
      file.idleBackoffNanos = 0;
      file.lastDataNanos = now;
      descriptors.active(file);
      events.read(file.component(), file.linesInLastRead(), file.readOffset - before);
      publish(file.component(), chunk);
      return file.sizeSeen > file.readOffset;
    } catch (IOException e) {
      log.warn("reading {} failed: {}; will retry", file.path, e.toString());
      file.idleBackoffNanos = settings.pollIntervalNanos();
      return false;
    }
  }

  /**
   * A released file that an event, a scan or a timer named: reopened if it changed, else its timers run.
   *
   * @return whether it was reopened (and is due at once)
   */
  private boolean lookReleased(TailedFile file, long now) {
    BasicFileAttributes attributes = null;
    try {
      attributes = Files.readAttributes(file.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      // gone from its path: the events of its new place, or the next scan, say what became of it
    }
    boolean same = attributes != null && file.key.equals(TreeScanner.keyOf(file.path, attributes));
    if (same && (attributes.size() != file.readOffset || attributes.size() != file.sizeSeen)) {
      file.sizeSeen = attributes.size();
      if (descriptors.makeRoom()) {
        return reopen(file, now);
      }
      waitingToReopen.add(file);
      return false;
    }
    schedule.set(file, timers(file, now));
    return false;
  }

  private void truncate(TailedFile file, long now) throws IOException {
    log.info("{} was truncated (copy-truncate?) from {} to {} bytes; reading it again from the start",
        file.path, file.readOffset, file.sizeSeen);
    events.truncated(file.component());
    planner.truncated(file, now);
    Fingerprint before = file.fingerprint;
    publish(file.component(), file.truncated(millisClock.getAsLong()));
    known.indexFingerprint(file, before);
  }

  private void publish(String component, RecordChunk chunk) {
    if (chunk != null && !chunk.isEmpty()) {
      events.emitted(component, chunk.size());
      publisher.accept(chunk);
    }
  }

  // ---- a file's timers ----

  /**
   * The partial-line and multi-line timeouts of a file that has nothing more to read now, and the closing of a
   * drained deleted file. Returns when the file is next due: its earliest timer, its poll when no event can tell
   * that it grew, or never.
   */
  private long timers(TailedFile file, long now) {
    long next = Long.MAX_VALUE;
    long size = currentSize(file);
    if (file.hasPartialLine()) {
      long flushAt = file.lastDataNanos + settings.partialLineTimeoutNanos();
      boolean due = now >= flushAt || file.deleted();
      // Only a line that is really unfinished is shipped alone: when reading is behind (paused by the memory
      // limit, or a long round), the rest of the line may already be in the file, unread.
      if (due && size <= file.readOffset) {
        publish(file.component(), file.flushPartial(millisClock.getAsLong()));
      } else if (!due) {
        next = Math.min(next, flushAt);
      }
    }
    if (file.hasOpenRecord() && !file.hasPartialLine()) {
      long flushAt = file.lastDataNanos + settings.parse().multilineTimeoutNanos();
      boolean due = now >= flushAt || file.deleted();
      if (due && size <= file.readOffset) {
        publish(file.component(), file.flushOpenRecord(millisClock.getAsLong()));
      } else if (!due) {
        next = Math.min(next, flushAt);
      }
    }
    file.settleSkippedLines();
    if (file.spooled()) {
      boolean drained = size <= file.readOffset && !file.hasPartialLine() && !file.hasOpenRecord();
      if (drained && file.committedOffset(file.progress) >= size) {
        spooled.finished(file); // shipped and acknowledged: the copy goes
        closeSpooled(file);
        return Long.MAX_VALUE;
      }
    } else if (file.deleted()) {
      boolean drained = size <= file.readOffset && !file.hasPartialLine() && !file.hasOpenRecord();
      // Out of sight but still on disk (a hostPath pod deleted: its root went away, its files stay): the descriptor
      // holds no space the file does not, so it is read to its end whatever the sinks do, neither copied nor cut
      // short; retention decides about the file once it is acknowledged.
      boolean onDisk = stillAtItsPath(file);
      if (!onDisk && spoolNow(file, size)) {
        return now; // read on from the copy
      }
      boolean graceOver = !onDisk && now - file.deletedAtNanos >= settings.deletedFileGraceNanos();
      if (drained || graceOver) {
        if (!drained) {
          long unread = Math.max(0, file.sizeSeen - file.readOffset);
          // Spooling on, the spool had no room for it (or could not be written); spooling off, it is the grace time.
          String reason = !spooled.enabled() ? "deleted_before_read" : file.spoolFailed ? "spool_failed" : "spool_full";
          log.warn("{} was deleted with {} bytes unread after the {} s grace time and could not be spooled ({});"
              + " closing it", file.path, unread, settings.deletedFileGraceNanos() / 1_000_000_000L, reason);
          events.dropped(reason, unread);
        }
        close(file, now);
        return Long.MAX_VALUE;
      }
    }
    if (file.state() != FileState.RELEASED && (file.deleted() || !eventsReported.test(file.path.getParent()))) {
      // No event will say it grew (deleted, or in a directory without a watch): poll, backing off while idle.
      file.idleBackoffNanos = Math.min(settings.pollIntervalNanos(),
          Math.max(MIN_IDLE_BACKOFF_NANOS, file.idleBackoffNanos * 2));
      next = Math.min(next, now + file.idleBackoffNanos);
    }
    return next;
  }

  /** Whether the file is still at its path (the same device and inode): out of the tree's sight, not deleted. */
  private static boolean stillAtItsPath(TailedFile file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file.path, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      return file.key.equals(TreeScanner.keyOf(file.path, attributes));
    } catch (IOException e) {
      return false;
    }
  }

  /** The size now, not as last seen: a deleted file may have grown since its last read. */
  private static long currentSize(TailedFile file) {
    if (!file.state().holdsDescriptor()) {
      return file.sizeSeen;
    }
    try {
      return file.size();
    } catch (IOException e) {
      return file.sizeSeen;
    }
  }

  /**
   * A deleted file with bytes no sink acknowledged: copied into the spool now, when it has room, so that they
   * survive the descriptor (and a crash) whatever the sinks do.
   *
   * @return whether it is SPOOLED now
   */
  private boolean spoolNow(TailedFile file, long size) {
    long committed = file.committedOffset(file.progress);
    if (committed >= size || file.spoolFailed) {
      return false;
    }
    try {
      file.completeFingerprint(); // the copy's header carries it: the copy's records get the original's ids
    } catch (IOException e) {
      // the fingerprint stays as it was; records past the first KiB of a short one take their ids from their bytes
    }
    FileKey onDisk = file.key;
    Fingerprint fingerprint = file.fingerprint;
    if (!spooled.spool(file, committed, size, millisClock.getAsLong(), this::droppedFromSpool)) {
      return false;
    }
    known.remove(onDisk, fingerprint, file); // under the key it had: the spool's is its key now
    descriptors.returned(file);
    progressed.add(file);
    checkpointSoon.run(); // the checkpoint under the copy's key, at once: a crash now resumes from the copy
    return true;
  }

  /** A spooled file dropped to make room for a newer copy: what it had not read yet is never shipped. */
  private void droppedFromSpool(TailedFile file) {
    long unread = Math.max(0, file.sizeSeen - file.readOffset);
    log.warn("dropped the spooled copy of {} to stay within spool.max_bytes: {} bytes of it were never shipped",
        file.path, unread);
    events.dropped("spool_full", unread);
    closeSpooled(file);
  }

  private void closeSpooled(TailedFile file) {
    file.close();
    schedule.set(file, Long.MAX_VALUE);
    events.closed(file.component());
  }

  private void close(TailedFile file, long now) {
    planner.closed(file, now);
    file.close();
    known.remove(file);
    descriptors.returned(file);
    waitingToReopen.remove(file);
    events.closed(file.component());
    if (closedFiles != null) {
      closedFiles.accept(ReadFile.of(file, true));
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing
    }
  }

  // ---- what other threads read ----

  /**
   * The checkpoint of every followed file, from its committed offset, and of every file checkpointed before the
   * restart that waits for a descriptor still. Any thread.
   */
  public List<FileCheckpoint> checkpoints() {
    List<FileCheckpoint> result = new ArrayList<>(known.size());
    forEachCheckpoint(result::add);
    return result;
  }

  /** {@link #checkpoints()} one at a time, without a list of them. Any thread. */
  public void forEachCheckpoint(Consumer<FileCheckpoint> each) {
    for (TailedFile file : known.all()) {
      each.accept(checkpointOf(file, file.path.toString()));
    }
    for (TailedFile file : spooled.all()) {
      each.accept(checkpointOf(file, file.copy().path().toString()));
    }
    for (FileCheckpoint waiting : planner.restoredCheckpoints()) {
      if (known.get(waiting.key()) == null) {
        each.accept(waiting);
      }
    }
  }

  /**
   * The checkpoints of the files whose committed offset moved since the last call, for the journal: only the files
   * whose acknowledgements said so are looked at. One thread at a time (the checkpointer): it remembers what it
   * returned.
   */
  public List<FileCheckpoint> changedCheckpoints() {
    if (progressed.isEmpty()) {
      return List.of();
    }
    List<FileCheckpoint> result = new ArrayList<>();
    for (Iterator<TailedFile> files = progressed.iterator(); files.hasNext(); ) {
      TailedFile file = files.next();
      files.remove(); // before reading the offset: an acknowledgement after this adds the file again
      if (file.state() == FileState.CLOSED) {
        continue;
      }
      FileProgress progress = file.progress;
      long committed = file.committedOffset(progress);
      if (committed == file.journaledOffset && progress == file.journaledProgress) {
        continue;
      }
      file.journaledOffset = committed;
      file.journaledProgress = progress;
      result.add(checkpointOf(file, ""));
    }
    return result;
  }

  private static FileCheckpoint checkpointOf(TailedFile file, String path) {
    // The fingerprint before the progress: a truncation replaces the progress first, so a new fingerprint is
    // never paired with the old content's offset (which would skip the new content's first bytes). The key before
    // the progress too: spooling changes the key after the copy, from the same committed offset on.
    FileKey key = file.key;
    Fingerprint fingerprint = file.fingerprint;
    long committed = file.committedOffset(file.progress);
    return new FileCheckpoint(key, fingerprint, committed, path, file.contextAt(committed));
  }

  /** A snapshot of the followed files for the status page and metrics. Any thread. */
  public List<FileStatus> status() {
    List<FileStatus> result = new ArrayList<>(known.size());
    for (TailedFile file : known.all()) {
      String containerPath = file.session.containerPath(relativePath(file.session, file.path));
      result.add(new FileStatus(containerPath, file.component(), file.sizeSeen,
          file.readOffset, file.progress.committedOffset(), file.deleted(), file.released()));
    }
    for (TailedFile file : spooled.all()) {
      result.add(new FileStatus(file.source().containerPath(), file.component(), file.sizeSeen, file.readOffset,
          file.progress.committedOffset(), true, false, file.copy().path().getFileName().toString()));
    }
    return result;
  }

  /** Every followed file, for retention: where it is, how far it was read and acknowledged. Any thread. */
  public void forEachRead(Consumer<ReadFile> each) {
    for (TailedFile file : known.all()) {
      each.accept(ReadFile.of(file, false));
    }
  }

  /** How much of its budget the spool uses. Any thread. */
  public SpoolUsage spoolUsage() {
    return spooled.usage();
  }

  /** The number of files followed (holding a descriptor or released). Any thread. */
  public int openFiles() {
    return known.size();
  }

  /** The number of followed files that hold no descriptor (released while idle). Any thread. */
  public int releasedFiles() {
    int released = 0;
    for (TailedFile file : known.all()) {
      if (file.released()) {
        released++;
      }
    }
    return released;
  }

  /** Bytes written to each followed file but not yet committed, summed, and the largest. One pass. Any thread. */
  public Lag lag() {
    long total = 0;
    long max = 0;
    for (Collection<TailedFile> files : List.of(known.all(), spooled.all())) {
      for (TailedFile file : files) {
        long lag = Math.max(0, file.sizeSeen - file.progress.committedOffset());
        total += lag;
        max = Math.max(max, lag);
      }
    }
    return new Lag(total, max);
  }

  /** See {@link #lag()}. */
  public record Lag(long totalBytes, long largestFileBytes) {}

  /** The number of directories raylog knows under the roots (tests; a bounded-memory check). */
  int knownDirectories() {
    return diff.knownDirectories();
  }

  /** Closes every file; the tail thread must have stopped. */
  public void closeAll() {
    known.all().forEach(TailedFile::close);
    known.clear();
    spooled.all().forEach(TailedFile::close); // their copies stay in the spool for the next start
  }
}
