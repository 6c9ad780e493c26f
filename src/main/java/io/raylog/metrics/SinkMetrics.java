package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.raylog.sink.SinkEvents;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** One sink's events as Prometheus meters, tagged with the sink's name and type. Thread-safe. */
public final class SinkMetrics implements SinkEvents {
  private final Counter records;
  private final Counter bytes;
  private final Counter failures;
  private final Timer latency;
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public SinkMetrics(MeterRegistry registry, String sink, String type) {
    records = Counter.builder("raylog_sink_records_sent").description("Records delivered and acknowledged by the sink")
        .tags("sink", sink, "type", type).register(registry);
    bytes = Counter.builder("raylog_sink_bytes_sent").description("Encoded bytes delivered by the sink")
        .tags("sink", sink, "type", type).register(registry);
    failures = Counter.builder("raylog_sink_failures").description("Failed deliveries; each is retried with backoff")
        .tags("sink", sink, "type", type).register(registry);
    latency = Timer.builder("raylog_sink_latency").description("Time to deliver one batch")
        .tags("sink", sink, "type", type).publishPercentileHistogram().register(registry);
  }

  @Override
  public void delivered(int recordCount, long byteCount, long latencyNanos) {
    records.increment(recordCount);
    bytes.increment(byteCount);
    latency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void failed(Throwable error, long retryInNanos) {
    failures.increment();
    lastError.set(error.toString());
  }

  /** The last delivery error, for the status page; null when none happened. */
  public String lastError() {
    return lastError.get();
  }
}
