package io.raylog.sink.catalog;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.raylog.config.SinkConfig;
import io.raylog.sink.Transport;
import io.raylog.sink.elasticsearch.BulkEncoder;
import io.raylog.sink.elasticsearch.BulkResponseReader;
import io.raylog.sink.http.Authorization;
import io.raylog.sink.http.HttpClient;
import io.raylog.sink.http.HttpEndpoint;
import io.raylog.sink.http.HttpTransport;
import io.raylog.sink.http.JsonRecordsEncoder;
import io.raylog.sink.http.ResponseReader;
import io.raylog.sink.http.TlsContexts;
import io.raylog.sink.loki.LokiPushEncoder;
import io.raylog.sink.otlp.OtlpLogsEncoder;
import io.raylog.sink.otlp.OtlpResponseReader;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** The {@link Transport} of each network sink type: its protocol's encoder and response reader over HTTP. */
public final class NetworkTransports {
  private NetworkTransports() {}

  /** The transport of a network sink; throws with the sink's name when its TLS files are unusable. */
  public static Transport open(SinkConfig.Networked sink, Supplier<EventLoopGroup> io, ByteBufAllocator alloc)
      throws IOException {
    if (sink instanceof SinkConfig.OverHttp http) {
      return overHttp(http, io, alloc);
    }
    throw new IOException("sink " + sink.name() + ": no transport for " + sink.getClass().getSimpleName());
  }

  private static Transport overHttp(SinkConfig.OverHttp sink, Supplier<EventLoopGroup> io, ByteBufAllocator alloc)
      throws IOException {
    if (sink instanceof SinkConfig.Http plain) {
      return httpTransport(sink, HttpEndpoint.of(plain.url()), new JsonRecordsEncoder(plain.format()),
          ResponseReader.ALL_ACCEPTED, Map.of(), io, alloc);
    }
    if (sink instanceof SinkConfig.Loki loki) {
      Map<String, String> tenant = loki.tenantId().map(id -> Map.of("X-Scope-OrgID", id)).orElse(Map.of());
      return httpTransport(sink, HttpEndpoint.of(loki.url()),
          new LokiPushEncoder(loki.format(), loki.labels(), loki.structuredMetadata()), ResponseReader.ALL_ACCEPTED,
          tenant, io, alloc);
    }
    if (sink instanceof SinkConfig.Elasticsearch es) {
      return httpTransport(sink, bulkEndpoint(es), new BulkEncoder(es.index()), new BulkResponseReader(), Map.of(),
          io, alloc);
    }
    SinkConfig.Otlp otlp = (SinkConfig.Otlp) sink;
    return httpTransport(sink, HttpEndpoint.of(otlp.url()), new OtlpLogsEncoder(otlp.format(), otlp.serviceName()),
        new OtlpResponseReader(), Map.of(), io, alloc);
  }

  /**
   * {@code <url>/_bulk}, asking only for what the reader needs ({@code filter_path}): a bulk answer of thousands of
   * successful items is otherwise megabytes.
   */
  static HttpEndpoint bulkEndpoint(SinkConfig.Elasticsearch es) {
    HttpEndpoint base = HttpEndpoint.of(es.url());
    String path = base.requestTarget();
    int query = path.indexOf('?');
    String prefix = query < 0 ? path : path.substring(0, query);
    StringBuilder target = new StringBuilder(prefix.endsWith("/") ? prefix : prefix + "/");
    target.append("_bulk?filter_path=errors,items.*.status,items.*.error");
    es.pipeline().ifPresent(pipeline ->
        target.append("&pipeline=").append(java.net.URLEncoder.encode(pipeline, java.nio.charset.StandardCharsets.UTF_8)));
    if (query >= 0) {
      target.append('&').append(path.substring(query + 1));
    }
    return base.withTarget(target.toString());
  }

  public static String typeName(SinkConfig.Networked sink) {
    if (sink instanceof SinkConfig.Http) {
      return "http";
    }
    if (sink instanceof SinkConfig.Loki) {
      return "loki";
    }
    if (sink instanceof SinkConfig.Elasticsearch) {
      return "elasticsearch";
    }
    if (sink instanceof SinkConfig.Otlp) {
      return "otlp";
    }
    throw new IllegalArgumentException("unknown sink type " + sink.getClass().getSimpleName());
  }

  private static Transport httpTransport(SinkConfig.OverHttp sink, HttpEndpoint endpoint,
      io.raylog.sink.http.RequestEncoder encoder, ResponseReader reader, Map<String, String> protocolHeaders,
      Supplier<EventLoopGroup> io, ByteBufAllocator alloc) throws IOException {
    SinkConfig.HttpClientSettings settings = sink.client();
    SslContext tls;
    try {
      tls = TlsContexts.client(endpoint, settings);
    } catch (IOException e) {
      throw new IOException("sink " + sink.name() + ": " + e.getMessage(), e);
    }
    HttpClient client = new HttpClient(endpoint, tls, settings.connectTimeout().toMillis(),
        settings.requestTimeout().toNanos(), io.get());
    return new HttpTransport(client, encoder, reader, settings, Authorization.of(settings, System::nanoTime),
        protocolHeaders, alloc, System::currentTimeMillis);
  }
}
