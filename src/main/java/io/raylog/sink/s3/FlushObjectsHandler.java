package io.raylog.sink.s3;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raylog.pipeline.FlushRequest;

/**
 * Tells the s3 sink to upload what it holds when raylog shuts down: the {@link FlushRequest} user event that the batching stage
 * fires behind the last batch. Without it, the open objects would wait for their roll time, past the shutdown
 * timeout. Runs on the sink's event loop.
 */
public final class FlushObjectsHandler extends ChannelInboundHandlerAdapter {
  private final S3Transport transport;

  public FlushObjectsHandler(S3Transport transport) {
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
