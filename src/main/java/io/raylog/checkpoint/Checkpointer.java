package io.raylog.checkpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the committed offsets of the followed files so that a restart, {@code kill -9} included, resumes where
 * the sinks' acknowledgements reached, at a cost that follows the files that change, not the files followed (a node
 * may follow 200,000 files, a few of them busy):
 *
 * <ul>
 *   <li>after each acknowledged batch, {@link #journalChanges} appends the offsets that moved to the journal,
 *       without fsync: that survives a {@code kill -9}, so only what was in flight is shipped twice;
 *   <li>every {@code checkpoint.interval}, when something was appended, the journal is fsynced (fdatasync): that is
 *       the interval's durability against a power loss;
 *   <li>the snapshot is rewritten (the journal compacted into it) only when the journal has outgrown
 *       {@code max(1 MiB, the snapshot's size)}, so that a start never reads more than about twice the snapshot;
 *       or when offsets could not be journaled (a failing journal: the snapshot is then the durable path, every
 *       interval, until it succeeds and starts a new journal segment); at the first interval of a state directory
 *       that has none; and once more at {@link #close}, unless nothing was journaled since the last one;
 *   <li>an idle node writes nothing, and its timer does not run: an interval is scheduled by the first change
 *       after a quiet spell (or a failure to retry), so that a node where nothing is written wakes no thread.
 * </ul>
 *
 * <p>Thread-safety: {@link #journalChanges} from any thread (the sinks', the tail thread's); the timer's interval and
 * {@link #close} one at a time.
 */
public final class Checkpointer implements AutoCloseable {
  /** The journal may grow to the snapshot's size, and at least to this, before it is compacted. */
  static final long MIN_COMPACTION_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final CheckpointStore store;
  private final Duration interval;
  private final CheckpointEvents events;
  private final LongSupplier nanoTime;
  /** The timer's interval and the last snapshot at close, never both at once. */
  private final Object snapshotLock = new Object();
  private volatile CheckpointSource source;
  private ScheduledThreadPoolExecutor timer;
  /** An interval is scheduled: changes until it runs are made durable by it. */
  private final AtomicBoolean intervalScheduled = new AtomicBoolean();
  /** Offsets moved that the journal could not record: the next interval writes a snapshot. */
  private volatile boolean unjournaled;
  /** One error per failed spell of the journal, not one per batch. */
  private volatile boolean journalFailureLogged;
  private boolean closed;

  public Checkpointer(CheckpointStore store, Duration interval, CheckpointEvents events, LongSupplier nanoTime) {
    this.store = store;
    this.interval = interval;
    this.events = events;
    this.nanoTime = nanoTime;
  }

  /** Reads the checkpoints saved by the last run: where the files resume. */
  public CheckpointStore.Loaded load() throws IOException {
    return store.load();
  }

  /**
   * Starts saving {@code source}'s checkpoints: journaled from now on, and made durable an interval after they
   * change. The first interval is scheduled at once: a state directory without a snapshot gets one.
   */
  public void start(CheckpointSource source) {
    timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "raylog-checkpoint");
      thread.setDaemon(true);
      return thread;
    });
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close writes the last snapshot itself
    this.source = source; // after the timer: journalChanges on another thread may schedule an interval at once
    scheduleInterval();
  }

  /** Schedules one interval unless one is pending. Any thread. */
  private void scheduleInterval() {
    if (!intervalScheduled.compareAndSet(false, true)) {
      return;
    }
    events.behind();
    try {
      timer.schedule(this::scheduledInterval, interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: the last snapshot at close holds what this interval would have written
    }
  }

  /** The timer's interval; another follows while a write is owed (a failed journal or snapshot is retried). */
  private void scheduledInterval() {
    intervalScheduled.set(false); // first: a change from now on schedules the next interval
    interval();
    if (unjournaled) {
      scheduleInterval();
    }
  }

  /** Whether an interval is scheduled: false on a node where nothing changed since the last one. For tests. */
  boolean intervalScheduled() {
    return intervalScheduled.get();
  }

  /**
   * Appends the committed offsets that moved to the journal, at once: after an acknowledged batch, on the sink's
   * thread, or when the tailer found a copy. One write, never behind an fsync (see {@link CheckpointStore#sync}).
   */
  public void journalChanges() {
    CheckpointSource current = source;
    if (current == null) {
      return; // acknowledgements before start: the tailer is not there yet, nothing has moved
    }
    try {
      if (!store.append(current::changed)) {
        unjournaled = true;
      }
      scheduleInterval(); // the sync that makes the append durable, an interval from now at the latest
    } catch (IOException | RuntimeException e) {
      unjournaled = true;
      events.failed();
      if (!journalFailureLogged) {
        journalFailureLogged = true;
        log.error("appending to the checkpoint journal {} failed: {}; shipping goes on, checkpoints follow the"
            + " snapshot {} every {} until the journal can be written again", store.journalFile(), e.toString(),
            store.file(), interval);
      }
      scheduleInterval(); // the snapshot that stands in for the journal
    }
  }

  /** One interval of the rule in the class comment; from the timer (tests call it directly). */
  void interval() {
    synchronized (snapshotLock) {
      if (closed || source == null) {
        return;
      }
      long started = nanoTime.getAsLong();
      if (snapshotDue() || store.journalBytes() > Math.max(MIN_COMPACTION_BYTES, store.snapshotBytes())) {
        snapshot(started);
        return;
      }
      try {
        if (store.sync()) {
          events.journalSynced(nanoTime.getAsLong() - started);
        } else {
          events.unchanged(); // an idle node: nothing appended, nothing written
        }
      } catch (IOException | RuntimeException e) {
        // After a failed fsync the kernel may have dropped the pages it could not write: the journal cannot be
        // trusted to hold them, so the next interval writes a snapshot, which starts a new segment.
        unjournaled = true;
        events.failed();
        log.error("syncing the checkpoint journal {} failed: {}; shipping goes on, a snapshot {} follows in {}",
            store.journalFile(), e.toString(), store.file(), interval);
      }
    }
  }

  /**
   * Offsets the journal could not take, or no snapshot yet: a state directory without one makes the next start a
   * first start (where {@code read_from: end} skips what the files hold), so the first interval writes it, with the
   * files started at their end, which no acknowledgement would ever journal.
   */
  private boolean snapshotDue() {
    return unjournaled || !store.hasSnapshot();
  }

  /** Writes a snapshot of every followed file, compacting the journal; logs and counts a failure. */
  private void snapshot(long started) {
    unjournaled = false; // before: an append that fails from now on sets it again
    try {
      store.save(source::all);
      journalFailureLogged = false;
      events.snapshotWritten(store.snapshotBytes(), nanoTime.getAsLong() - started);
    } catch (IOException | RuntimeException e) {
      unjournaled = true;
      events.failed();
      log.error("writing checkpoints to {} failed: {}; shipping goes on, will retry in {}", store.file(), e.toString(),
          interval);
    }
  }

  /**
   * Stops the timer, letting a write under way finish (interrupting it would close its channel under it), then
   * writes the last snapshot, unless the journal holds nothing since the one on disk, so that the next start reads
   * one file. Idempotent.
   */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdown();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (snapshotLock) {
      if (closed) {
        return;
      }
      if (source != null && (snapshotDue() || store.journaled())) {
        snapshot(nanoTime.getAsLong());
      }
      closed = true;
      store.close();
    }
  }
}
