package io.raylog.parse;

import java.util.ArrayDeque;

/**
 * Where in one file the worker context changed, so that a checkpoint can save the context that holds at its
 * offset (which trails the read offset by whatever the sinks have not acknowledged yet). Entries at or before the
 * last checkpointed offset are pruned, so it holds only the markers of unacknowledged bytes.
 *
 * <p>Thread-safe: the tail thread adds, the checkpoint thread asks.
 */
final class ContextHistory {
  private record Change(long offset, WorkerContext context) {}

  private final ArrayDeque<Change> changes = new ArrayDeque<>();
  private WorkerContext base;

  ContextHistory(WorkerContext initial) {
    this.base = initial;
  }

  /** From {@code offset} on (the end of a marker line), the context is {@code context}. */
  synchronized void changed(long offset, WorkerContext context) {
    changes.addLast(new Change(offset, context));
  }

  /** The context in force at {@code offset}; forgets what came before it. */
  synchronized WorkerContext at(long offset) {
    while (!changes.isEmpty() && changes.peekFirst().offset <= offset) {
      base = changes.pollFirst().context;
    }
    return base;
  }

  /** Everything before is gone (the file was truncated): start again from {@code context}. */
  synchronized void reset(WorkerContext context) {
    changes.clear();
    base = context;
  }
}
