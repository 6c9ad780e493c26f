package io.raylog.sink;

import io.raylog.config.SinkConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The one delivery path: every sink's pipeline ends in a {@link DeliveryHandler} over the sink's {@link Transport},
 * which owns routing, retries with backoff, acknowledgement order and the in-flight metric for every sink alike.
 * Network sinks configure it ({@code max_in_flight}, backoff, dead letters); local sinks (stdout, file) write one
 * batch at a time, retried forever with {@link SinkContext#localBackoff()} (the files are the buffer).
 */
public final class DeliveryStages {
  private DeliveryStages() {}

  /** A network sink's delivery stage, as its configuration says. Closes {@code transport} when it cannot open. */
  public static SinkStage over(SinkConfig.Networked sink, Transport transport, SinkContext context)
      throws IOException {
    return stage(handler(sink, transport, context));
  }

  /** A local sink's delivery stage: one batch at a time, no dead letters (a local write is never refused). */
  public static SinkStage local(SinkConfig sink, Transport transport, SinkContext context) {
    return stage(new DeliveryHandler(sink.name(), context.sinkIndex(), sink.filter(), sink.budget(), transport,
        DeadLetters.NONE, context.acknowledgements(), 1, context.localBackoff(), context.events()));
  }

  /** A network sink's delivery handler. Closes {@code transport} when it cannot be made. */
  public static DeliveryHandler handler(SinkConfig.Networked sink, Transport transport, SinkContext context)
      throws IOException {
    try {
      SinkConfig.Delivery delivery = sink.delivery();
      RetryBackoff backoff = new RetryBackoff(delivery.retryInitialBackoff().toNanos(),
          Math.max(delivery.retryInitialBackoff().toNanos(), delivery.retryMaxBackoff().toNanos()));
      return new DeliveryHandler(sink.name(), context.sinkIndex(), sink.filter(), sink.budget(), transport,
          deadLetters(sink), context.acknowledgements(), delivery.maxInFlight(), backoff, context.events());
    } catch (IOException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  /** The local sinks' backoff: 100 ms doubling up to 30 s. */
  public static RetryBackoff defaultLocalBackoff() {
    return new RetryBackoff(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30));
  }

  private static DeadLetters deadLetters(SinkConfig.Networked sink) throws IOException {
    SinkConfig.Delivery delivery = sink.delivery();
    if (delivery.deadLetterPath().isEmpty()) {
      return DeadLetters.NONE;
    }
    Path path = delivery.deadLetterPath().get();
    try {
      return new DeadLetterFile(sink.name(), path, delivery.deadLetterMaxFileBytes(), 1);
    } catch (IOException e) {
      throw new IOException("sink " + sink.name() + ": cannot open dead_letter_path " + path + ": " + e.getMessage(), e);
    }
  }

  private static SinkStage stage(DeliveryHandler deliver) {
    return pipeline -> pipeline.addLast("deliver", deliver);
  }
}
