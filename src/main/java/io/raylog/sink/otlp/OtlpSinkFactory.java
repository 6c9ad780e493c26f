package io.raylog.sink.otlp;

import io.netty.buffer.ByteBufAllocator;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import io.raylog.sink.http.HttpEndpoint;
import io.raylog.sink.http.HttpTransport;
import java.io.IOException;
import java.util.Map;

/** The {@code otlp} sink: OpenTelemetry logs over OTLP/HTTP. */
public final class OtlpSinkFactory {
  public static final SinkFactory<OtlpSinkConfig> FACTORY =
      new SinkFactory<>(OtlpSinkSchema.TYPE, OtlpSinkConfig.class, OtlpSinkFactory::open);

  private OtlpSinkFactory() {}

  private static SinkStage open(OtlpSinkConfig sink, SinkContext context) throws IOException {
    return DeliveryStages.over(sink, HttpTransport.open(sink, HttpEndpoint.of(sink.url()),
        new OtlpLogsEncoder(sink.format(), sink.serviceName()), new OtlpResponseReader(), Map.of(), context.io(),
        ByteBufAllocator.DEFAULT), context);
  }
}
