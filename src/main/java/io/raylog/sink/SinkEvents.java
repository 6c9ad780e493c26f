package io.raylog.sink;

import java.io.IOException;

/** What a sink reports; implemented by the metrics and the status page. Called from the sink's thread. */
public interface SinkEvents {
  void delivered(int records, long bytes, long latencyNanos);

  /** A delivery attempt failed; it is tried again in {@code retryInNanos}, or never when that is negative. */
  void failed(Throwable error, long retryInNanos);

  /** A network send failed for a retriable {@code reason} (a short token); it is sent again in {@code retryInNanos}. */
  default void retrying(String reason, String detail, long retryInNanos) {
    failed(new IOException(reason + ": " + detail), retryInNanos);
  }

  /** The backend refused {@code records} records for good, for {@code reason} (a short token). */
  default void rejected(String reason, int records) {}

  /**
   * The sink dropped {@code records} records its filter took, for {@code reason}: {@code sampled} (its
   * {@code sample}) or {@code rate_limit} (its {@code rate_limit}). They count as acknowledged by it.
   */
  default void dropped(String reason, int records) {}

  /** Rejected records written to the dead-letter file ({@code written}) or that could not be written. */
  default void deadLettered(int written, int failed) {}

  /**
   * One of the sink's handlers threw: a bug. The sink is broken until raylog restarts (its files are no longer
   * checkpointed for it; see {@link SinkGuard}).
   */
  default void handlerFailed(Throwable error) {}

  /** Batches the sink holds (waiting or being written) changed to {@code batches}. */
  default void inFlight(int batches) {}

  SinkEvents NONE =
      new SinkEvents() {
        @Override
        public void delivered(int records, long bytes, long latencyNanos) {}

        @Override
        public void failed(Throwable error, long retryInNanos) {}
      };
}
