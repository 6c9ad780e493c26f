package io.raylog.sink.history;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raylog.pipeline.FlushRequest;

/**
 * Tells the history sink to upload every waiting file when raylog shuts down: the {@link FlushRequest} user event that
 * the batching stage fires behind the last batch. Without it, files would wait for their upload interval, past the
 * shutdown timeout. Runs on the sink's event loop.
 */
public final class FlushHistoryHandler extends ChannelInboundHandlerAdapter {
  private final HistoryTransport transport;

  public FlushHistoryHandler(HistoryTransport transport) {
    this.transport = transport;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == FlushRequest.INSTANCE) {
      transport.flush();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }
}
