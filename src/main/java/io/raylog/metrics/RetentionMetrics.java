package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.raylog.retention.RetentionEvents;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Retention's events as Prometheus meters, tagged by reason only. Thread-safe. */
public final class RetentionMetrics implements RetentionEvents {
  private final MeterRegistry registry;
  private final Map<String, Counter> files = new ConcurrentHashMap<>();
  private final Map<String, Counter> bytes = new ConcurrentHashMap<>();
  private final Counter failures;
  private final AtomicLong heldBack = new AtomicLong();
  private final AtomicLong kept = new AtomicLong();
  private final AtomicLong overCap = new AtomicLong();

  public RetentionMetrics(MeterRegistry registry) {
    this.registry = registry;
    failures = Counter.builder("raylog_retention_failures")
        .description("Deletions that failed (permissions, a read-only mount); retried at the next run")
        .register(registry);
    Gauge.builder("raylog_retention_held_back_bytes", heldBack, AtomicLong::get)
        .description("Bytes of Ray log files retention would delete but that not every sink has acknowledged yet")
        .register(registry);
    Gauge.builder("raylog_retention_kept_bytes", kept, AtomicLong::get)
        .description("Bytes of the Ray log files followed, after the last retention run").register(registry);
    Gauge.builder("raylog_retention_over_cap_bytes", overCap, AtomicLong::get)
        .description("How far the Ray log files stay above retention.max_bytes (live files are never deleted)")
        .register(registry);
  }

  @Override
  public void deleted(String reason, int fileCount, long byteCount) {
    files.computeIfAbsent(reason, r -> Counter.builder("raylog_retention_deleted_files")
        .description("Ray log files deleted by retention after every sink acknowledged them, by reason")
        .tag("reason", r).register(registry)).increment(fileCount);
    bytes.computeIfAbsent(reason, r -> Counter.builder("raylog_retention_deleted_bytes")
        .description("Bytes of Ray log files deleted by retention, by reason (rotated, old, dead_pod, max_bytes)")
        .tag("reason", r).register(registry)).increment(byteCount);
  }

  @Override
  public void failed() {
    failures.increment();
  }

  @Override
  public void ran(long heldBackBytes, long keptBytes, long overCapBytes) {
    heldBack.set(heldBackBytes);
    kept.set(keptBytes);
    overCap.set(overCapBytes);
  }
}
