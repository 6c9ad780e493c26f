package io.raylog.sink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Sink events as a test reads them. Thread-safe. */
public final class RecordingSinkEvents implements SinkEvents {
  public final AtomicInteger delivered = new AtomicInteger();
  public final List<String> retries = new CopyOnWriteArrayList<>();
  public final List<String> rejections = new CopyOnWriteArrayList<>();
  public final AtomicInteger deadLettered = new AtomicInteger();

  @Override
  public void delivered(int records, long bytes, long latencyNanos) {
    delivered.addAndGet(records);
  }

  @Override
  public void failed(Throwable error, long retryInNanos) {}

  @Override
  public void retrying(String reason, String detail, long retryInNanos) {
    retries.add(reason);
  }

  @Override
  public void rejected(String reason, int records) {
    for (int i = 0; i < records; i++) {
      rejections.add(reason);
    }
  }

  @Override
  public void deadLettered(int written, int failed) {
    deadLettered.addAndGet(written);
  }
}
