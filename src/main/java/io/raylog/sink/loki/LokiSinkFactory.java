package io.raylog.sink.loki;

import io.netty.buffer.ByteBufAllocator;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import io.raylog.sink.http.HttpEndpoint;
import io.raylog.sink.http.HttpTransport;
import io.raylog.sink.http.ResponseReader;
import java.io.IOException;
import java.util.Map;

/** The {@code loki} sink: Loki's push API. */
public final class LokiSinkFactory {
  public static final SinkFactory<LokiSinkConfig> FACTORY =
      new SinkFactory<>(LokiSinkSchema.TYPE, LokiSinkConfig.class, LokiSinkFactory::open);

  private LokiSinkFactory() {}

  private static SinkStage open(LokiSinkConfig sink, SinkContext context) throws IOException {
    Map<String, String> tenant = sink.tenantId().map(id -> Map.of("X-Scope-OrgID", id)).orElse(Map.of());
    return DeliveryStages.over(sink, HttpTransport.open(sink, HttpEndpoint.of(sink.url()),
        new LokiPushEncoder(sink.format(), sink.labels(), sink.structuredMetadata()), ResponseReader.ALL_ACCEPTED,
        tenant, context.io(), ByteBufAllocator.DEFAULT), context);
  }
}
