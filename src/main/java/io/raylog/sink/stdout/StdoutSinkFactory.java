package io.raylog.sink.stdout;

import io.netty.buffer.ByteBufAllocator;
import io.raylog.sink.ByteSinkTransport;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;

/** The {@code stdout} sink: NDJSON on raylog's standard output. */
public final class StdoutSinkFactory {
  public static final SinkFactory<StdoutSinkConfig> FACTORY =
      new SinkFactory<>(StdoutSinkSchema.TYPE, StdoutSinkConfig.class, StdoutSinkFactory::open);

  private StdoutSinkFactory() {}

  private static SinkStage open(StdoutSinkConfig sink, SinkContext context) {
    return DeliveryStages.local(sink, new ByteSinkTransport(new StdoutSink(), ByteBufAllocator.DEFAULT), context);
  }
}
