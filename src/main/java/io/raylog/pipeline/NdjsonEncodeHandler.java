package io.raylog.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raylog.record.JsonBytes;
import io.raylog.record.NdjsonEncoder;
import io.raylog.route.RecordFilter;

/**
 * Encodes each {@link Batch} as NDJSON into a pooled direct buffer: the records the sink's filter takes (the whole
 * batch is still acknowledged, the others count as done). One per sink pipeline (the encoder keeps state).
 */
public final class NdjsonEncodeHandler extends ChannelInboundHandlerAdapter {
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final RecordFilter filter;
  /** A batch's encoding grows the array to a few MiB; an exceptional batch (huge lines) must not keep more. */
  private static final int MAX_RETAINED_BYTES = 8 << 20;

  private final JsonBytes scratch = new JsonBytes(1 << 20);

  public NdjsonEncodeHandler() {
    this(RecordFilter.ALL);
  }

  public NdjsonEncodeHandler(RecordFilter filter) {
    this.filter = filter;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Batch batch)) {
      ctx.fireChannelRead(msg);
      return;
    }
    // The batch is encoded into one reused array, then copied once into a pooled direct buffer that the sink
    // hands to the kernel (file, socket) without another copy.
    scratch.clear();
    if (filter == RecordFilter.ALL) {
      for (int i = 0, n = batch.size(); i < n; i++) {
        encoder.encode(batch.get(i), scratch);
      }
    } else {
      for (int i = 0, n = batch.size(); i < n; i++) {
        if (filter.accepts(batch.get(i))) {
          encoder.encode(batch.get(i), scratch);
        }
      }
    }
    ByteBuf content = ctx.alloc().directBuffer(scratch.length());
    content.writeBytes(scratch.array(), 0, scratch.length());
    scratch.shrinkTo(MAX_RETAINED_BYTES);
    ctx.fireChannelRead(new EncodedBatch(batch, content));
  }
}
