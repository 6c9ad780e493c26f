package io.raylog.sink;

/** What a sink reports; implemented by the metrics and the status page. Called from the sink's thread. */
public interface SinkEvents {
  void delivered(int records, long bytes, long latencyNanos);

  void failed(Throwable error, long retryInNanos);

  SinkEvents NONE =
      new SinkEvents() {
        @Override
        public void delivered(int records, long bytes, long latencyNanos) {}

        @Override
        public void failed(Throwable error, long retryInNanos) {}
      };
}
