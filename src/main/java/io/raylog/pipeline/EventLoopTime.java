package io.raylog.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;

/** The clock of a handler's event loop, so that tests on an {@code EmbeddedChannel} can freeze and advance it. */
final class EventLoopTime {
  private EventLoopTime() {}

  static long nanoTime(ChannelHandlerContext ctx) {
    if (ctx.executor() instanceof AbstractScheduledEventExecutor executor) {
      return executor.ticker().nanoTime();
    }
    return System.nanoTime();
  }
}
