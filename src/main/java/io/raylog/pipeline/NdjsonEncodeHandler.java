package io.raylog.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Encodes each {@link Batch} as NDJSON into a pooled direct buffer. One per sink pipeline (the encoder keeps state). */
public final class NdjsonEncodeHandler extends ChannelInboundHandlerAdapter {
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final JsonBytes scratch = new JsonBytes(4096);

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Batch batch)) {
      ctx.fireChannelRead(msg);
      return;
    }
    // A direct buffer: sinks hand it to the kernel (file, socket) without another copy.
    ByteBuf content = ctx.alloc().directBuffer((int) Math.min(Integer.MAX_VALUE - 8, batch.bytes() * 2 + 256));
    for (int i = 0, n = batch.size(); i < n; i++) {
      scratch.clear();
      encoder.encode(batch.get(i), scratch);
      content.writeBytes(scratch.array(), 0, scratch.length());
    }
    ctx.fireChannelRead(new EncodedBatch(batch, content));
  }
}
