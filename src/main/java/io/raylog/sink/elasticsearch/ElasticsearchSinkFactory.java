package io.raylog.sink.elasticsearch;

import io.netty.buffer.ByteBufAllocator;
import io.raylog.sink.DeliveryStages;
import io.raylog.sink.SinkContext;
import io.raylog.sink.SinkFactory;
import io.raylog.sink.SinkStage;
import io.raylog.sink.http.AwsSigV4Signer;
import io.raylog.sink.http.HttpEndpoint;
import io.raylog.sink.http.HttpTransport;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** The {@code elasticsearch} sink: the _bulk API of Elasticsearch or OpenSearch. */
public final class ElasticsearchSinkFactory {
  public static final SinkFactory<ElasticsearchSinkConfig> FACTORY =
      new SinkFactory<>(ElasticsearchSinkSchema.TYPE, ElasticsearchSinkConfig.class, ElasticsearchSinkFactory::open);

  private ElasticsearchSinkFactory() {}

  private static SinkStage open(ElasticsearchSinkConfig sink, SinkContext context) throws IOException {
    HttpTransport transport = HttpTransport.open(sink, bulkEndpoint(sink), new BulkEncoder(sink.index()),
        new BulkResponseReader(), Map.of(), context.io(), ByteBufAllocator.DEFAULT);
    sink.awsRegion().ifPresent(region -> transport.signedBy(new AwsSigV4Signer(
        DefaultCredentialsProvider.builder().build(), region, sink.awsService().name().toLowerCase(Locale.ROOT),
        Clock.systemUTC())));
    return DeliveryStages.over(sink, transport, context);
  }

  /**
   * {@code <url>/_bulk}, asking only for what the reader needs ({@code filter_path}): a bulk answer of thousands of
   * successful items is otherwise megabytes.
   */
  static HttpEndpoint bulkEndpoint(ElasticsearchSinkConfig es) {
    HttpEndpoint base = HttpEndpoint.of(es.url());
    String path = base.requestTarget();
    int query = path.indexOf('?');
    String prefix = query < 0 ? path : path.substring(0, query);
    StringBuilder target = new StringBuilder(prefix.endsWith("/") ? prefix : prefix + "/");
    target.append("_bulk?filter_path=errors,items.*.status,items.*.error");
    es.pipeline().ifPresent(pipeline ->
        target.append("&pipeline=").append(URLEncoder.encode(pipeline, StandardCharsets.UTF_8)));
    if (query >= 0) {
      target.append('&').append(path.substring(query + 1));
    }
    return base.withTarget(target.toString());
  }
}
