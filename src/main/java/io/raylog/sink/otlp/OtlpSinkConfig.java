package io.raylog.sink.otlp;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.net.URI;

/** OTLP/HTTP logs. */
public record OtlpSinkConfig(String name, RecordFilter filter, SinkConfig.Budget budget, SinkConfig.Delivery delivery, SinkConfig.HttpClientSettings client, URI url,
    Format format, String serviceName) implements SinkConfig.OverHttp {
  public enum Format {
    PROTOBUF,
    JSON
  }
}
