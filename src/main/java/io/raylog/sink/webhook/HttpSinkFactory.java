package io.raylog.sink.webhook;

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

/** The {@code http} sink: batches POSTed as NDJSON or a JSON array. */
public final class HttpSinkFactory {
  public static final SinkFactory<HttpSinkConfig> FACTORY =
      new SinkFactory<>(HttpSinkSchema.TYPE, HttpSinkConfig.class, HttpSinkFactory::open);

  private HttpSinkFactory() {}

  private static SinkStage open(HttpSinkConfig sink, SinkContext context) throws IOException {
    return DeliveryStages.over(sink, HttpTransport.open(sink, HttpEndpoint.of(sink.url()),
        new JsonRecordsEncoder(sink.format()), ResponseReader.ALL_ACCEPTED, Map.of(), context.io(),
        ByteBufAllocator.DEFAULT), context);
  }
}
