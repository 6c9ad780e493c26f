package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.raylog.sink.SinkEvents;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sink's events as Prometheus meters, tagged with the sink's name and type (and a short reason token where one
 * applies: a fixed, small set per protocol). Thread-safe.
 */
public final class SinkMetrics implements SinkEvents {
  private final MeterRegistry registry;
  private final String sink;
  private final String type;
  private final Counter records;
  private final Counter bytes;
  private final Counter failures;
  private final Timer latency;
  private final Counter deadLettered;
  private final Counter deadLetterFailures;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public SinkMetrics(MeterRegistry registry, String sink, String type) {
    this.registry = registry;
    this.sink = sink;
    this.type = type;
    records = Counter.builder("raylog_sink_records_sent").description("Records delivered and acknowledged by the sink")
        .tags("sink", sink, "type", type).register(registry);
    bytes = Counter.builder("raylog_sink_bytes_sent").description("Encoded bytes delivered by the sink")
        .tags("sink", sink, "type", type).register(registry);
    failures = Counter.builder("raylog_sink_failures").description("Failed deliveries; each is retried with backoff")
        .tags("sink", sink, "type", type).register(registry);
    latency = Timer.builder("raylog_sink_latency").description("Time to deliver one batch")
        .tags("sink", sink, "type", type).publishPercentileHistogram().register(registry);
    deadLettered = Counter.builder("raylog_sink_dead_letter_records")
        .description("Rejected records written to the sink's dead-letter file, by whether the write succeeded")
        .tags("sink", sink, "type", type, "outcome", "written").register(registry);
    deadLetterFailures = Counter.builder("raylog_sink_dead_letter_records")
        .description("Rejected records written to the sink's dead-letter file, by whether the write succeeded")
        .tags("sink", sink, "type", type, "outcome", "failed").register(registry);
    Gauge.builder("raylog_sink_in_flight_batches", inFlight, AtomicInteger::get)
        .description("Batches being sent or waiting for a retry").tags("sink", sink, "type", type).register(registry);
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

  @Override
  public void retrying(String reason, String detail, long retryInNanos) {
    failures.increment();
    Counter.builder("raylog_sink_retries").description("Sends retried, by the reason of the failure")
        .tags("sink", sink, "type", type, "reason", reason).register(registry).increment();
    lastError.set(reason + ": " + detail);
  }

  @Override
  public void rejected(String reason, int recordCount) {
    Counter.builder("raylog_sink_records_rejected")
        .description("Records the backend refused for good (not retried), by reason")
        .tags("sink", sink, "type", type, "reason", reason).register(registry).increment(recordCount);
  }

  @Override
  public void deadLettered(int written, int failed) {
    if (written > 0) {
      deadLettered.increment(written);
    }
    if (failed > 0) {
      deadLetterFailures.increment(failed);
    }
  }

  @Override
  public void inFlight(int batches) {
    inFlight.set(batches);
  }

  /** The last delivery error, for the status page; null when none happened. */
  public String lastError() {
    return lastError.get();
  }

  /** Batches being sent or waiting for a retry, for the status page. */
  public int inFlightBatches() {
    return inFlight.get();
  }
}
