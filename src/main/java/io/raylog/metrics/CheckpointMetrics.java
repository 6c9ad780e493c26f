package io.raylog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.raylog.checkpoint.CheckpointEvents;
import java.util.concurrent.TimeUnit;

/** Checkpoint writes (journal syncs and snapshots), failures and age. Thread-safe. */
public final class CheckpointMetrics implements CheckpointEvents {
  private final Counter writes;
  private final Counter snapshots;
  private final Counter failures;
  private final Timer duration;
  /** When the checkpoints on disk were last known current. */
  private volatile long lastWrittenMillis = System.currentTimeMillis();
  /**
   * Offsets moved that the disk may not hold yet. While false the disk is current, however long ago it was written:
   * a quiet node writes nothing, and its checkpoints are not stale for that.
   */
  private volatile boolean behind;

  public CheckpointMetrics(MeterRegistry registry) {
    writes = Counter.builder("raylog_checkpoint_writes")
        .description("Durable checkpoint writes that succeeded: journal syncs and snapshots").register(registry);
    snapshots = Counter.builder("raylog_checkpoint_snapshots")
        .description("Snapshots written: compactions of the journal, and the last one at shutdown").register(registry);
    failures = Counter.builder("raylog_checkpoint_failures")
        .description("Checkpoint writes that failed (disk full, permissions)").register(registry);
    duration = Timer.builder("raylog_checkpoint_write_duration")
        .description("Time to sync the journal or write and fsync a snapshot").register(registry);
    Gauge.builder("raylog_checkpoint_age_seconds", this, m -> m.ageMillis() / 1000.0)
        .description("Seconds since the checkpoints on disk were last known current").register(registry);
  }

  @Override
  public void journalSynced(long nanos) {
    written(nanos);
  }

  @Override
  public void snapshotWritten(long bytes, long nanos) {
    snapshots.increment();
    written(nanos);
  }

  private void written(long nanos) {
    writes.increment();
    duration.record(nanos, TimeUnit.NANOSECONDS);
    current();
  }

  /** Nothing changed since the last write: the checkpoints on disk are as fresh as they can be. */
  @Override
  public void unchanged() {
    current();
  }

  private void current() {
    lastWrittenMillis = System.currentTimeMillis();
    behind = false;
  }

  @Override
  public void behind() {
    if (!behind) {
      lastWrittenMillis = System.currentTimeMillis(); // current until this change
      behind = true;
    }
  }

  @Override
  public void failed() {
    failures.increment();
    behind = true;
  }

  public long writes() {
    return (long) writes.count();
  }

  public long failures() {
    return (long) failures.count();
  }

  /** 0 while the disk holds every offset that moved; otherwise the time since it last did. */
  public long ageMillis() {
    return behind ? System.currentTimeMillis() - lastWrittenMillis : 0;
  }
}
