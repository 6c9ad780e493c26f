package io.raylog.sink.otlp;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.net.URI;

/** OTLP logs, over HTTP or gRPC. */
public record OtlpSinkConfig(String name, RecordFilter filter, SinkConfig.Budget budget, SinkConfig.Delivery delivery, SinkConfig.HttpClientSettings client, URI url,
    Protocol protocol, Format format, String serviceName) implements SinkConfig.OverHttp {
  public enum Protocol {
    HTTP,
    GRPC
  }

  public enum Format {
    PROTOBUF,
    JSON
  }
}
