package io.raylog.sink;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.EncodedBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of a local sink's pipeline: writes each encoded batch to a {@link ByteSink}, in order, and
 * acknowledges it once written. A failed write is retried with backoff, forever (the files are the buffer); batches
 * that arrive meanwhile wait behind it, so order and acknowledgement order are kept. Runs on the sink's event loop.
 */
public final class ByteSinkHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ByteSinkHandler.class);

  private final String sinkName;
  private final int sinkIndex;
  private final ByteSink sink;
  private final Acknowledgements acknowledgements;
  private final RetryBackoff backoff;
  private final SinkEvents events;
  private final ArrayDeque<EncodedBatch> waiting = new ArrayDeque<>();
  private int failedAttempts;
  private boolean retryScheduled;

  public ByteSinkHandler(
      String sinkName, int sinkIndex, ByteSink sink, Acknowledgements acknowledgements, RetryBackoff backoff, SinkEvents events) {
    this.sinkName = sinkName;
    this.sinkIndex = sinkIndex;
    this.sink = sink;
    this.acknowledgements = acknowledgements;
    this.backoff = backoff;
    this.events = events;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof EncodedBatch batch)) {
      ctx.fireChannelRead(msg);
      return;
    }
    waiting.add(batch);
    events.inFlight(waiting.size());
    if (!retryScheduled) {
      drain(ctx);
    }
  }

  /** Number of batches waiting to be written (for the status page). */
  public int waitingBatches() {
    return waiting.size();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws IOException {
    for (EncodedBatch batch : waiting) {
      batch.content().release();
    }
    waiting.clear();
    sink.close();
  }

  private void drain(ChannelHandlerContext ctx) {
    EncodedBatch next;
    while ((next = waiting.peek()) != null) {
      long started = System.nanoTime();
      try {
        ByteBuffer bytes = next.content().nioBuffer();
        int before = bytes.remaining();
        try {
          sink.write(bytes);
        } finally {
          // A retry must not write again what a failed write already wrote.
          next.content().skipBytes(before - bytes.remaining());
        }
        sink.commit();
        int total = next.content().writerIndex();
        if (failedAttempts > 0) {
          log.info("sink {}: writing again after {} failed attempts", sinkName, failedAttempts);
        }
        failedAttempts = 0;
        waiting.poll();
        events.inFlight(waiting.size());
        next.content().release();
        acknowledgements.completed(sinkIndex, next.batch());
        events.delivered(next.batch().size(), total, System.nanoTime() - started);
      } catch (IOException | RuntimeException e) {
        long delay = backoff.delayNanos(failedAttempts++, bound -> ThreadLocalRandom.current().nextLong(bound));
        if (failedAttempts == 1 || failedAttempts % 20 == 0) {
          log.warn("sink {}: write failed (attempt {}), retrying in {} ms: {}", sinkName, failedAttempts, delay / 1_000_000, e.toString());
        }
        events.failed(e, delay);
        retryScheduled = true;
        ctx.executor().schedule(() -> {
          retryScheduled = false;
          drain(ctx);
        }, delay, TimeUnit.NANOSECONDS);
        return;
      }
    }
  }
}
