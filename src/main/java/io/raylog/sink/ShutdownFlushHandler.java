package io.raylog.sink;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raylog.pipeline.FlushRequest;

/**
 * Runs a sink's flush when raylog shuts down: on the {@link FlushRequest} user event that the batching stage fires
 * behind the last batch. For sinks that hold records of their own (the s3 sink's open objects, the history sink's
 * waiting files), which would otherwise wait for their roll or upload interval, past the shutdown timeout. Runs on
 * the sink's event loop.
 */
public final class ShutdownFlushHandler extends ChannelInboundHandlerAdapter {
  private final Runnable flush;

  public ShutdownFlushHandler(Runnable flush) {
    this.flush = flush;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == FlushRequest.INSTANCE) {
      flush.run();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }
}
