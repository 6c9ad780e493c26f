package io.raylog;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps idle NIO event loops asleep. Netty 4.2's I/O event loop waits in {@code select} for as long as its next
 * scheduled task is away, and, when it has none, for one second only (the interval at which it would purge cancelled
 * tasks): an HTTP server nobody calls wakes its thread every second. A task scheduled far ahead lets the loop sleep
 * until I/O or a task arrives; the purge it skips has nothing to purge on a loop without timers. (The default event
 * loops of the sinks and the parse thread block on their task queue without a timeout: they need nothing.)
 */
final class QuietIoLoops {
  /** Long enough to be no cost, short enough for the loop's timeout to stay far from any overflow. */
  private static final long WAKE_HOURS = 1;

  private QuietIoLoops() {}

  /** Schedules, on every loop of {@code group}, an empty task every hour. */
  static EventLoopGroup quiet(EventLoopGroup group) {
    for (EventExecutor loop : group) {
      loop.scheduleAtFixedRate(() -> {}, WAKE_HOURS, WAKE_HOURS, TimeUnit.HOURS);
    }
    return group;
  }
}
