package io.raylog.status;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What {@code /healthz} answers: whether the threads that move lines are alive and not stuck. The tail thread beats
 * once per turn of its loop; every sink and network event loop is pinged when the question is asked (a task that
 * records its answer, sent when none is out), and a part whose last beat, or whose unanswered ping, is older than the
 * stall limit is reported by name. Pinging on demand, not beating on a timer, leaves an idle node's event loops
 * asleep: they run only when a probe asks (the kubelet's, every few seconds), not every second. A wedged event loop or
 * tail thread cannot heal itself; the kubelet's liveness probe restarts the pod, and checkpoints make the restart
 * lossless. The HTTP event loop needs no ping: it is the one answering. Thread-safe.
 */
public final class Liveness {
  /** Far above any legitimate pause (a step of the tail loop, a batch written to a slow disk). */
  public static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private final long stallLimitNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Beat> beats = new ConcurrentHashMap<>();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();
  private final Map<String, Ping> pings = new ConcurrentHashMap<>();

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

  /** Every executor of {@code group} is pinged when {@link #problem} is asked: a task it runs among its others. */
  public void watch(String name, EventExecutorGroup group) {
    int index = 0;
    for (EventExecutor executor : group) {
      pings.put(name + "-" + index++, new Ping(executor));
    }
  }

  /** An event loop's proof of life, asked for: at most one ping out at a time. */
  private final class Ping implements Runnable {
    private static final long NONE = Long.MIN_VALUE;
    private final EventExecutor executor;
    /** When the ping that is out was sent; {@link #NONE} when it was answered. */
    private final AtomicLong sentNanos = new AtomicLong(NONE);

    Ping(EventExecutor executor) {
      this.executor = executor;
    }

    /** How long the ping that is out has waited for its loop; sends one, and answers 0, when none is out. */
    long silentNanos(long now) {
      long sent = sentNanos.get();
      if (sent != NONE) {
        return now - sent;
      }
      if (sentNanos.compareAndSet(NONE, now)) {
        try {
          executor.execute(this);
        } catch (RejectedExecutionException e) {
          sentNanos.set(NONE); // shutting down (a reload, or the end): a loop that stops is not stuck
        }
      }
      return 0;
    }

    /** On the event loop: the answer. */
    @Override
    public void run() {
      sentNanos.set(NONE);
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
        return Optional.of(stuck(beat.getKey(), silent));
      }
    }
    Optional<String> problem = Optional.empty();
    for (Map.Entry<String, Ping> ping : pings.entrySet()) {
      long silent = ping.getValue().silentNanos(now); // every loop pinged, not only up to the first stuck one
      if (silent > stallLimitNanos && problem.isEmpty()) {
        problem = Optional.of(stuck(ping.getKey(), silent));
      }
    }
    return problem;
  }

  private String stuck(String part, long silentNanos) {
    return part + " has not run for " + TimeUnit.NANOSECONDS.toSeconds(silentNanos) + " s (stuck; the limit is "
        + TimeUnit.NANOSECONDS.toSeconds(stallLimitNanos) + " s)";
  }
}
