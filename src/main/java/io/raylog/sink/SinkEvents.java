package io.raylog.sink;

/** What a sink reports; implemented by the metrics and the status page. Called from the sink's thread. */
public interface SinkEvents {
  void delivered(int records, long bytes, long latencyNanos);

  /** A delivery attempt failed; it is tried again in {@code retryInNanos}, or never when that is negative. */
  void failed(Throwable error, long retryInNanos);

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
