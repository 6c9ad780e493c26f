package io.raylog.pipeline;

import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a sink's completed batches to the files they came from and to the memory budget. A sink completes its
 * batches in order (a sink that finishes them out of order must reorder first), so each file's acknowledged offset
 * per sink only grows, and the committed offset — the minimum over sinks — only passes records every sink has.
 *
 * <p>Thread-safe: each sink calls {@link #completed} from its own thread.
 */
public final class Acknowledgements {
  private final int sinks;
  private final MemoryBudget budget;
  /**
   * The batches sinks lost to a bug and released already ({@link #abandonKey}): a few numbers, kept in case the
   * sink completes one after all, which must not release its records twice.
   */
  private final Set<Long> abandoned = ConcurrentHashMap.newKeySet();
  /** Told after every completed batch, so that the checkpoint journal follows the acknowledgements closely. */
  private volatile Runnable onProgress = () -> {};

  public Acknowledgements(int sinks, MemoryBudget budget) {
    this.sinks = sinks;
    this.budget = budget;
  }

  public int sinks() {
    return sinks;
  }

  /** The memory limit the acknowledgements release (a sink that holds records asks whether reading is paused). */
  public MemoryBudget budget() {
    return budget;
  }

  /** Runs {@code listener} after every completed batch, on the sink's thread: it must be quick. */
  public void onProgress(Runnable listener) {
    this.onProgress = listener;
  }

  /** Marks the records as published to every sink, before any sink can see them. */
  public void published(RecordChunk chunk) {
    for (int i = 0, n = chunk.size(); i < n; i++) {
      chunk.get(i).expectSinks(sinks);
    }
    budget.acquire(chunk.costBytes());
  }

  /** Sink {@code sink} has durably delivered every record of {@code batch}. */
  public void completed(int sink, Batch batch) {
    if (!abandoned.isEmpty() && abandoned.remove(abandonKey(sink, batch))) {
      return; // its records were released when it was abandoned
    }
    long freed = 0;
    FileProgress last = null;
    long lastEnd = 0;
    for (int i = 0, n = batch.size(); i < n; i++) {
      LogRecord record = batch.get(i);
      if (record.progress != last) {
        if (last != null) {
          last.acknowledge(sink, lastEnd);
        }
        last = record.progress;
      }
      lastEnd = record.endOffset;
      if (record.releaseBySink()) {
        freed += record.cost;
      }
    }
    if (last != null) {
      last.acknowledge(sink, lastEnd);
    }
    if (freed > 0) {
      budget.release(freed);
    }
    onProgress.run();
  }

  /**
   * Sink {@code sink} lost {@code batch} (a bug in one of its handlers): its records' memory is released as if
   * delivered, so reading goes on for the other sinks, but the files they came from stay held for this sink
   * ({@link FileProgress#hold}): their checkpoints stop before the lost records, and a restart sends them again.
   * A later {@link #completed} of the same batch is ignored. For the sink's thread only.
   */
  public void abandoned(int sink, Batch batch) {
    if (!abandoned.add(abandonKey(sink, batch))) {
      return;
    }
    long freed = 0;
    for (int i = 0, n = batch.size(); i < n; i++) {
      LogRecord record = batch.get(i);
      record.progress.hold(sink);
      if (record.releaseBySink()) {
        freed += record.cost;
      }
    }
    if (freed > 0) {
      budget.release(freed);
    }
  }

  /** A batch's sequence numbers count per sink. */
  private long abandonKey(int sink, Batch batch) {
    return batch.sequence() * sinks + sink;
  }
}
