package io.raylog.sink;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a bug in one of a sink's handlers from losing a batch silently and leaking its memory until reading stops.
 * Its entry handler, right after the batching stage, notes the message it hands down; its exit handler, the last of
 * the pipeline, catches what any handler throws (Netty passes a handler's exception towards the tail at once, inside
 * the call that handed the message down, so the entry still knows which batch it was) and any batch no handler
 * took. Either way it logs, marks the sink broken (metric and status page) and abandons the batch
 * ({@link Acknowledgements#abandoned}): its memory is released, so reading goes on for the other sinks, and the files
 * it came from stop being checkpointed for this sink, so a restart sends the lost records again.
 *
 * <p>Confined to the sink's event loop.
 */
public final class SinkGuard {
  private static final Logger log = LoggerFactory.getLogger(SinkGuard.class);

  private final String sinkName;
  private final int sinkIndex;
  private final Acknowledgements acknowledgements;
  private final SinkEvents events;
  /** The message the entry handler is handing down, while it does. */
  private Object dispatching;

  public SinkGuard(String sinkName, int sinkIndex, Acknowledgements acknowledgements, SinkEvents events) {
    this.sinkName = sinkName;
    this.sinkIndex = sinkIndex;
    this.acknowledgements = acknowledgements;
    this.events = events;
  }

  /** Adds the sink's stages to {@code pipeline}, after its batching stage, between the guard's two handlers. */
  public void around(ChannelPipeline pipeline, SinkStage stage) {
    pipeline.addLast("guard", new Entry());
    stage.addTo(pipeline);
    pipeline.addLast("failures", new Exit());
  }

  private void lost(Batch batch, Throwable cause) {
    log.error("sink {}: a handler failed on batch {} ({} records); the sink is marked broken and its files are no"
        + " longer checkpointed for it, so a restart sends these records again", sinkName, batch.sequence(),
        batch.size(), cause);
    events.handlerFailed(cause);
    acknowledgements.abandoned(sinkIndex, batch);
  }

  private final class Entry extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Object outer = dispatching;
      dispatching = msg;
      try {
        ctx.fireChannelRead(msg);
      } finally {
        dispatching = outer;
      }
    }
  }

  @ChannelHandler.Sharable
  private final class Exit extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Batch batch) {
        lost(batch, new IllegalStateException("no handler of the sink took the batch"));
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (dispatching instanceof Batch batch) {
        lost(batch, cause);
      } else {
        log.error("sink {}: a handler failed outside a batch's hand-off; the sink is marked broken", sinkName, cause);
        events.handlerFailed(cause);
      }
    }
  }
}
