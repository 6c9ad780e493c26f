package io.raylog.sink;

import io.raylog.pipeline.Batch;
import io.raylog.record.LogRecord;

/**
 * The records of one send: those of a {@link Batch} that are routed to the sink, or, on a retry, those that still
 * have to go. Positions 0..{@link #size()}-1 are what a {@link SendOutcome} refers to. Read-only; safe to read from
 * any thread while the send is under way.
 */
public final class Outbound {
  private final Batch batch;
  private final int[] positions;
  private final int attempt;

  Outbound(Batch batch, int[] positions, int attempt) {
    this.batch = batch;
    this.positions = positions;
    this.attempt = attempt;
  }

  public int size() {
    return positions.length;
  }

  public LogRecord get(int index) {
    return batch.get(positions[index]);
  }

  /** 0 for the first send of these records, n for the n-th retry (a transport may log or tag it). */
  public int attempt() {
    return attempt;
  }

  /** The batch's sequence number within the sink: stable across retries (an idempotency or object key). */
  public long batchSequence() {
    return batch.sequence();
  }

  int positionInBatch(int index) {
    return positions[index];
  }

  @Override
  public String toString() {
    return "Outbound[batch " + batch.sequence() + ", " + positions.length + " records, attempt " + attempt + "]";
  }
}
