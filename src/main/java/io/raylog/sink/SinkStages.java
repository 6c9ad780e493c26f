package io.raylog.sink;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.raylog.config.SinkConfig;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.NdjsonEncodeHandler;
import io.raylog.sink.delivery.DeadLetterFile;
import io.raylog.sink.delivery.DeadLetters;
import io.raylog.sink.delivery.DeliveryHandler;
import io.raylog.sink.delivery.Transport;
import io.raylog.sink.file.RollingFileSink;
import io.raylog.sink.stdout.StdoutSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The stages that follow a sink's batching stage, by sink type: local sinks encode NDJSON and write synchronously
 * ({@link ByteSinkHandler}); network sinks end in the asynchronous {@link DeliveryHandler} over their protocol's
 * {@link Transport} ({@link NetworkTransports}). Opened once per sink at start-up, by {@code Main}.
 */
public final class SinkStages {
  private SinkStages() {}

  /**
   * What a sink's stages need from the rest of raylog.
   *
   * @param io the I/O event loops shared by the network sinks, created on first use
   * @param localBackoff the retry backoff of the local sinks (network sinks configure their own)
   * @param maxMessageBytes the longest message a record can carry: the larger of {@code tail.max_line_bytes} and
   *     {@code parse.multiline_max_bytes} (a sink whose backend limits a record's size sizes its requests by it)
   */
  public record Context(int sinkIndex, Acknowledgements acknowledgements, SinkEvents events,
      Supplier<EventLoopGroup> io, RetryBackoff localBackoff, long maxMessageBytes) {}

  /** Adds a sink's handlers after its batching stage; called once, when the sink's channel is set up. */
  public interface Stage {
    void addTo(ChannelPipeline pipeline);

    /** The history sink's transport, which can serve Ray's event export (issue 18); empty for other sinks. */
    default java.util.Optional<io.raylog.sink.history.HistoryTransport> history() {
      return java.util.Optional.empty();
    }
  }

  /** Opens what the sink writes to, and returns how to add its handlers. Throws with the sink's name. */
  public static Stage open(SinkConfig sink, Context context) throws IOException {
    if (KafkaS3Stages.handles(sink)) {
      return KafkaS3Stages.open((SinkConfig.Networked) sink, context);
    }
    if (sink instanceof SinkConfig.Networked networked) {
      Transport transport = NetworkTransports.open(networked, context.io(), ByteBufAllocator.DEFAULT);
      DeliveryHandler deliver;
      try {
        deliver = deliveryHandler(networked, transport, context);
      } catch (IOException | RuntimeException e) {
        transport.close();
        throw e;
      }
      return pipeline -> pipeline.addLast("deliver", deliver);
    }
    ByteSink output = openLocal(sink);
    return pipeline -> {
      pipeline.addLast("encode", new NdjsonEncodeHandler(sink.filter()));
      pipeline.addLast("deliver", new ByteSinkHandler(sink.name(), context.sinkIndex(), output,
          context.acknowledgements(), context.localBackoff(), context.events()));
    };
  }

  /** The delivery stage of a network sink over {@code transport}, as its configuration says. */
  public static DeliveryHandler deliveryHandler(SinkConfig.Networked sink, Transport transport, Context context)
      throws IOException {
    SinkConfig.Delivery delivery = sink.delivery();
    DeadLetters deadLetters = DeadLetters.NONE;
    if (delivery.deadLetterPath().isPresent()) {
      Path path = delivery.deadLetterPath().get();
      try {
        deadLetters = new DeadLetterFile(sink.name(), path, delivery.deadLetterMaxFileBytes(), 1);
      } catch (IOException e) {
        throw new IOException("sink " + sink.name() + ": cannot open dead_letter_path " + path + ": " + e.getMessage(), e);
      }
    }
    RetryBackoff backoff = new RetryBackoff(delivery.retryInitialBackoff().toNanos(),
        Math.max(delivery.retryInitialBackoff().toNanos(), delivery.retryMaxBackoff().toNanos()));
    return new DeliveryHandler(sink.name(), context.sinkIndex(), sink.filter(), transport, deadLetters,
        context.acknowledgements(), delivery.maxInFlight(), backoff, context.events());
  }

  /** The {@code type} of a sink as the configuration names it (a metric tag). */
  public static String typeName(SinkConfig sink) {
    if (sink instanceof SinkConfig.File) {
      return "file";
    }
    if (sink instanceof SinkConfig.Stdout) {
      return "stdout";
    }
    if (KafkaS3Stages.handles(sink)) {
      return KafkaS3Stages.typeName(sink);
    }
    return NetworkTransports.typeName((SinkConfig.Networked) sink);
  }

  private static ByteSink openLocal(SinkConfig sink) throws IOException {
    if (sink instanceof SinkConfig.File file) {
      try {
        return new RollingFileSink(file);
      } catch (IOException e) {
        throw new IOException("sink " + file.name() + ": cannot open " + file.path() + ": " + e.getMessage(), e);
      }
    }
    return new StdoutSink();
  }

  /** The local sinks' backoff: 100 ms doubling up to 30 s. */
  public static RetryBackoff defaultLocalBackoff() {
    return new RetryBackoff(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30));
  }
}
