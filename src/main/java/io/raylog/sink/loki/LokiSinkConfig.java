package io.raylog.sink.loki;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Loki's push API. */
public record LokiSinkConfig(String name, RecordFilter filter, SinkConfig.Budget budget, SinkConfig.Delivery delivery, SinkConfig.HttpClientSettings client, URI url,
    Format format, List<String> labels, List<String> structuredMetadata, Optional<String> tenantId)
    implements SinkConfig.OverHttp {
  public enum Format {
    PROTOBUF,
    JSON
  }
}
