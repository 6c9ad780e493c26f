package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.raylog.sink.SinkEvents;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sink's events as Prometheus meters, tagged with the sink's name and type (and, for network sinks' failures and
 * rejects, a short reason token: a fixed, small set per protocol), and the sink's health for the status page.
 * Thread-safe: events come from the sink's thread, reads from the HTTP thread.
 */
public final class SinkMetrics implements SinkEvents {
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;
  private final String sink;
  private final String type;
  private final Counter records;
  private final Counter bytes;
  private final Counter failures;
  private final Counter retries;
  private final Timer latency;
  private final Counter deadLettered;
  private final Counter deadLetterFailures;
  private final Counter handlerFailures;
  private volatile boolean broken;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public SinkMetrics(MeterRegistry registry, String sink, String type) {
    this.registry = registry;
    this.sink = sink;
    this.type = type;
    records = Counter.builder("raylog_sink_records_sent").description("Records delivered and acknowledged by the sink")
        .tags("sink", sink, "type", type).register(registry);
    bytes = Counter.builder("raylog_sink_bytes_sent").description("Encoded bytes delivered by the sink")
        .tags("sink", sink, "type", type).register(registry);
    failures = Counter.builder("raylog_sink_failures").description("Failed delivery attempts")
        .tags("sink", sink, "type", type).register(registry);
    retries = Counter.builder("raylog_sink_retries").description("Failed deliveries scheduled to be tried again after a backoff")
        .tags("sink", sink, "type", type).register(registry);
    // Fixed buckets from a local write to a slow remote store: enough for histogram_quantile, and 14 series per sink
    // instead of the ~70 of Micrometer's default percentile histogram, which every scrape would render.
    latency = Timer.builder("raylog_sink_latency").description("Time to deliver one batch")
        .tags("sink", sink, "type", type).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    deadLettered = Counter.builder("raylog_sink_dead_letter_records")
        .description("Rejected records written to the sink's dead-letter file, by whether the write succeeded")
        .tags("sink", sink, "type", type, "outcome", "written").register(registry);
    deadLetterFailures = Counter.builder("raylog_sink_dead_letter_records")
        .description("Rejected records written to the sink's dead-letter file, by whether the write succeeded")
        .tags("sink", sink, "type", type, "outcome", "failed").register(registry);
    handlerFailures = Counter.builder("raylog_sink_handler_failures")
        .description("Exceptions thrown by the sink's own handlers (a bug): the sink holds its files' checkpoints"
            + " from then on, so a restart sends again what it lost")
        .tags("sink", sink, "type", type).register(registry);
    Gauge.builder("raylog_sink_broken", this, metrics -> metrics.broken ? 1 : 0)
        .description("1 when a handler of the sink failed (see raylog_sink_handler_failures) until raylog restarts")
        .tags("sink", sink, "type", type).register(registry);
    Gauge.builder("raylog_sink_batches_in_flight", inFlight, AtomicInteger::get)
        .description("Batches handed to the sink and not yet acknowledged (waiting, being sent or waiting for a retry)")
        .tags("sink", sink, "type", type).register(registry);
  }

  @Override
  public void delivered(int recordCount, long byteCount, long latencyNanos) {
    records.increment(recordCount);
    bytes.increment(byteCount);
    latency.record(latencyNanos, TimeUnit.NANOSECONDS);
    consecutiveFailures.set(0);
  }

  @Override
  public void failed(Throwable error, long retryInNanos) {
    failures.increment();
    if (retryInNanos >= 0) {
      retries.increment();
    }
    consecutiveFailures.incrementAndGet();
    lastError.set(error.toString());
  }

  @Override
  public void retrying(String reason, String detail, long retryInNanos) {
    failed(new java.io.IOException(reason + ": " + detail), retryInNanos);
    lastError.set(reason + ": " + detail);
    Counter.builder("raylog_sink_send_failures").description("Failed sends of a network sink by reason; each is retried")
        .tags("sink", sink, "type", type, "reason", reason).register(registry).increment();
  }

  @Override
  public void handlerFailed(Throwable error) {
    handlerFailures.increment();
    broken = true;
    lastError.set("handler failed: " + error);
  }

  /** Whether a handler of the sink failed (a bug): it holds its files' checkpoints until raylog restarts. */
  public boolean broken() {
    return broken;
  }

  @Override
  public void rejected(String reason, int recordCount) {
    Counter.builder("raylog_sink_records_rejected")
        .description("Records the backend refused for good (not retried), by reason")
        .tags("sink", sink, "type", type, "reason", reason).register(registry).increment(recordCount);
  }

  @Override
  public void dropped(String reason, int recordCount) {
    Counter.builder("raylog_sink_records_dropped")
        .description("Records the sink's filter took that its sample or rate_limit dropped, by reason (sampled,"
            + " rate_limit); acknowledged like records the filter does not take")
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

  /** The sink type, as the {@code type} tag shows it. */
  public String type() {
    return type;
  }

  /** The last delivery error, for the status page; null when none happened. */
  public String lastError() {
    return lastError.get();
  }

  /** Failed attempts since the last delivery that succeeded: 0 while the sink is healthy. */
  public int consecutiveFailures() {
    return consecutiveFailures.get();
  }

  public int batchesInFlight() {
    return inFlight.get();
  }

  public long recordsSent() {
    return (long) records.count();
  }

  public long bytesSent() {
    return (long) bytes.count();
  }

  public long failures() {
    return (long) failures.count();
  }
}
