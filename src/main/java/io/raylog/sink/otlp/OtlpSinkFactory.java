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

/** The {@code otlp} sink: OpenTelemetry logs over OTLP/HTTP or OTLP/gRPC. */
public final class OtlpSinkFactory {
  public static final SinkFactory<OtlpSinkConfig> FACTORY =
      new SinkFactory<>(OtlpSinkSchema.TYPE, OtlpSinkConfig.class, OtlpSinkFactory::open);

  private OtlpSinkFactory() {}

  private static SinkStage open(OtlpSinkConfig sink, SinkContext context) throws IOException {
    OtlpLogsEncoder encoder = new OtlpLogsEncoder(sink.format(), sink.serviceName());
    if (sink.protocol() == OtlpSinkConfig.Protocol.GRPC) {
      return DeliveryStages.over(sink, OtlpGrpcTransport.open(sink, encoder, context.io(), ByteBufAllocator.DEFAULT),
          context);
    }
    return DeliveryStages.over(sink, HttpTransport.open(sink, HttpEndpoint.of(sink.url()), encoder,
        new OtlpResponseReader(), Map.of(), context.io(), ByteBufAllocator.DEFAULT), context);
  }
}
