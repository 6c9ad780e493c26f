package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Checkpoint writes, failures and age. Thread-safe. */
public final class CheckpointMetrics {
  private final Counter writes;
  private final Counter failures;
  private final Timer duration;
  private volatile long lastWrittenMillis = System.currentTimeMillis();

  public CheckpointMetrics(MeterRegistry registry) {
    writes = Counter.builder("raylog_checkpoint_writes").description("Checkpoint store writes that succeeded").register(registry);
    failures = Counter.builder("raylog_checkpoint_failures").description("Checkpoint store writes that failed (disk full, permissions)").register(registry);
    duration = Timer.builder("raylog_checkpoint_write_duration").description("Time to write and fsync the checkpoint store").register(registry);
    Gauge.builder("raylog_checkpoint_age_seconds", this, m -> m.ageMillis() / 1000.0)
        .description("Seconds since the checkpoint store was last written successfully").register(registry);
  }

  public void written(long nanos) {
    writes.increment();
    duration.record(nanos, TimeUnit.NANOSECONDS);
    lastWrittenMillis = System.currentTimeMillis();
  }

  /** Nothing changed since the last write: the store is as fresh as it can be. */
  public void unchanged() {
    lastWrittenMillis = System.currentTimeMillis();
  }

  public void failed() {
    failures.increment();
  }

  public long writes() {
    return (long) writes.count();
  }

  public long failures() {
    return (long) failures.count();
  }

  public long ageMillis() {
    return System.currentTimeMillis() - lastWrittenMillis;
  }
}
