package io.raylog.status;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What {@code /healthz} answers: whether the threads that move lines are alive and not stuck. Each such part beats
 * (the tail thread once per turn of its loop; every sink and network event loop once a second, from a task
 * scheduled on it), and a part whose last beat is older than the stall limit is reported by name. A wedged event
 * loop or tail thread cannot heal itself; the kubelet's liveness probe restarts the pod, and checkpoints make the
 * restart lossless. The HTTP event loop needs no beat: it is the one answering. Thread-safe.
 */
public final class Liveness {
  /** Far above any legitimate pause (a step of the tail loop, a batch written to a slow disk). */
  public static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private final long stallLimitNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Beat> beats = new ConcurrentHashMap<>();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();

  public Liveness(Duration stallLimit, LongSupplier nanoClock) {
    this.stallLimitNanos = stallLimit.toNanos();
    this.nanoClock = nanoClock;
  }

  /** One part's proof of life. */
  public final class Beat {
    private volatile long last = nanoClock.getAsLong();

    public void beat() {
      last = nanoClock.getAsLong();
    }
  }

  /** A part that beats by itself; {@code thread}, if given, must also be alive. */
  public Beat register(String name, Thread thread) {
    if (thread != null) {
      threads.put(name, thread);
    }
    return beats.computeIfAbsent(name, n -> new Beat());
  }

  /** Every executor of {@code group} beats once a second, as a task it runs among its others. */
  public void watch(String name, EventExecutorGroup group) {
    int index = 0;
    for (EventExecutor executor : group) {
      Beat beat = register(name + "-" + index++, null);
      executor.scheduleAtFixedRate(beat::beat, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** Empty when every part is alive; otherwise what is not, for the probe's answer and a person reading it. */
  public Optional<String> problem() {
    for (Map.Entry<String, Thread> thread : threads.entrySet()) {
      if (!thread.getValue().isAlive()) {
        return Optional.of("the " + thread.getKey() + " thread has stopped");
      }
    }
    long now = nanoClock.getAsLong();
    for (Map.Entry<String, Beat> beat : beats.entrySet()) {
      long silent = now - beat.getValue().last;
      if (silent > stallLimitNanos) {
        return Optional.of(beat.getKey() + " has not run for " + TimeUnit.NANOSECONDS.toSeconds(silent)
            + " s (stuck; the limit is " + TimeUnit.NANOSECONDS.toSeconds(stallLimitNanos) + " s)");
      }
    }
    return Optional.empty();
  }
}
