package io.raylog.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@link RecordChunk}s into {@link Batch}es with a {@link Batcher}, and sends the open batch when its linger
 * time passes, on a timer of the channel's event loop. Thin: every decision is the batcher's. One per sink pipeline.
 */
public final class BatchingHandler extends ChannelInboundHandlerAdapter {
  private final Batcher batcher;
  private ScheduledFuture<?> lingerTimer;

  public BatchingHandler(Batcher batcher) {
    this.batcher = batcher;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg == FlushRequest.INSTANCE) {
      // Sent by the publisher behind the last records, so it arrives after them: send what is open now.
      Batch open = batcher.drain();
      if (open != null) {
        ctx.fireChannelRead(open);
      }
      // Stages that hold records of their own (the s3 sink's open objects) flush too: a user event, which every
      // handler passes on unless it acts on it, behind the batch just sent.
      ctx.fireUserEventTriggered(msg);
      return;
    }
    if (!(msg instanceof RecordChunk chunk)) {
      ctx.fireChannelRead(msg);
      return;
    }
    long now = EventLoopTime.nanoTime(ctx);
    for (int i = 0, n = chunk.size(); i < n; i++) {
      Batch full = batcher.add(chunk.get(i), now);
      if (full != null) {
        ctx.fireChannelRead(full);
      }
    }
    armLinger(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (lingerTimer != null) {
      lingerTimer.cancel(false);
    }
  }

  private void armLinger(ChannelHandlerContext ctx) {
    long deadline = batcher.deadlineNanos();
    if (deadline < 0 || lingerTimer != null) {
      return;
    }
    long delay = Math.max(0, deadline - EventLoopTime.nanoTime(ctx));
    lingerTimer = ctx.executor().schedule(() -> onLinger(ctx), delay, TimeUnit.NANOSECONDS);
  }

  private void onLinger(ChannelHandlerContext ctx) {
    lingerTimer = null;
    Batch due = batcher.drainIfDue(EventLoopTime.nanoTime(ctx));
    if (due != null) {
      ctx.fireChannelRead(due);
    }
    armLinger(ctx);
  }
}
